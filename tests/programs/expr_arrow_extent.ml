// An arrow body takes everything to its right.
a = fn(x) => x + 1 == 2;
print(a(1), a(2));
b = fn(x, y) => x || y && false;
print(b(0, true), b(1, true));
c = fn(n) => n > 0 ? "pos" : n < 0 ? "neg" : "zero";
print(c(5), c(-5), c(0));
d = [fn(x) => x * 2, fn(x) => x * 3];
print(d[1](2));
e = {f: fn(x) => x - 1, g: 5};
print(e.f(e.g));
