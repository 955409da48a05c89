// Arrow functions: the body extends as far right as possible; block bodies; closures.
f = fn(x) => x ? 1 : 2;
print(f(true), f(false));
g = fn(x) => fn(y) => x + y;
print(g(1)(2));
h = fn(x) => x || "default";
print(h(0), h("given"));
k = fn(a, b) => a * b + 1;
print(k(3, 4));
block = fn(x) => {
    y = x * 2;
    return y + 1;
};
print(block(5));
empty = fn() => {};
print(empty());
obj = fn(x) => {a: x};
print(obj(7));
print(sorted([3, 1, 2], fn(x) => -x));
base = 100;
addBase = fn(v) => v + base;
print(addBase(1));
