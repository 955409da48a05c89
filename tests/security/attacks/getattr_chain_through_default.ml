// attack: getattr with a default, then getattr of the result: walk to Python objects
// must: the default comes back, nothing else
// expect: ok
// expect-output: fallback null null
x = getattr(print, "__self__", "fallback");
print(x, getattr(x, "__class__"), getattr(getattr(print, "__call__"), "__self__"));
