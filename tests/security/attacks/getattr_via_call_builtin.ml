// attack: call(getattr, print, "__globals__") and builtin.getattr
// must: null
// expect: ok
// expect-output: null null
print(call(getattr, print, "__globals__"), builtin.getattr(len, "__self__"));
