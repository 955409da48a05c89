// attack: build "__globals__" at run time so no static check can see it
// must: null
// expect: ok
// expect-output: null null
u = "_" * 2;
name = u + "glo" + "bals" + u;
print(getattr(print, name), getattr(getattr, name));
