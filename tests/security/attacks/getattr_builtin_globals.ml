// attack: getattr(print, "__globals__")
// must: null: dunders are simply absent
// expect: ok
// expect-output: null
print(getattr(print, "__globals__"));
