// How every kind of value prints, alone and inside containers.
import math;
import regex;
function named(x) {
    return x;
}
function class() {
    return 1;
}
anon = fn(x) => x;
print(named, class, print);
print([named, class], {f: named});
print(typeof(anon), str(named), repr(named));
print(math, [math], typeof(math));
try {
    throw {message: "boom", code: 7};
} except (e) {
    print(e, typeof(e), e.code, e.type);
    print(str(e), "e=" + e);
}
pattern = regex.compile("a+");
print(typeof(pattern));
print(1e16, 1e15, -0.0, 1e-7, 0.0001, 2.0, 1e400, -1e400, [1e16, -0.0, 1e-7]);
print(2 ** 100, -(2 ** 70), [2 ** 64]);
print(0.1 + 0.2, 1 / 3, 10 / 2, 7 // 2, 7.0 // 2);
print(float("nan"), [float("inf")]);
