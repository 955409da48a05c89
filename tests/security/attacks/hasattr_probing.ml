// attack: probe for dunders with hasattr on every kind of value
// must: false everywhere
// expect: ok
// expect-output: false false false false false
import math;
f = fn() => 1;
print(hasattr(print, "__globals__"), hasattr("a", "__class__"), hasattr(math, "__dict__"), hasattr(f, "__code__"), hasattr([], "__iter__"));
