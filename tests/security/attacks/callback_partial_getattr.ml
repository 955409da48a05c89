// attack: functional.partial(getattr, print, "__globals__") to call getattr from Python code
// must: null
// expect: ok
// expect-output: null
import functional;
g = functional.partial(getattr, print, "__globals__");
print(g());
