// attack: functional.memoize / compose / curry wrappers: reach __wrapped__, cache, __closure__
// must: null for each
// expect: ok
// expect-output: null null null null
import functional;
m = functional.memoize(fn(x) => x);
c = functional.compose(str, len);
k = functional.curry(fn(a, b) => a + b);
print(getattr(m, "__wrapped__"), getattr(m, "cache"), getattr(c, "__closure__"), getattr(k, "func"));
