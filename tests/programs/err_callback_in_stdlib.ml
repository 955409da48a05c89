// An error in a callback called by a stdlib function points into the callback.
import collections;
print(collections.map([1, 2], fn(x) => x * 10));
function class(values) {
    return collections.map(values, fn(x) => 10 / x);
}
print(class([5, 2]));
print(class([1, 0]));
