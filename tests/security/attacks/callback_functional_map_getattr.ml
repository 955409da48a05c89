// attack: functional.map with a callback calling getattr on builtins
// must: null for every item
// expect: ok
// expect-output: [null, null, null, null]
import functional;
print(functional.map(fn(x) => getattr(x, "__class__"), [1, "a", print, functional]));
