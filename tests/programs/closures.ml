// Closures keep their own state.
function counter() {
    count = 0;
    return fn() => {
        nonlocal count;
        count += 1;
        return count;
    };
}
c1 = counter();
c2 = counter();
c1();
c1();
print(c1(), c2());
function makeAdder(n) {
    return fn(x) => x + n;
}
adders = [];
for (n in [1, 2, 3]) {
    adders.append(makeAdder(n));
}
print(adders[0](10), adders[2](10));
function memo() {
    cache = {};
    function fib(n) {
        if (n < 2) {
            return n;
        }
        if (cache.length > 0 && hasattr(cache, str(n))) {
            return cache[str(n)];
        }
        r = fib(n - 1) + fib(n - 2);
        cache[str(n)] = r;
        return r;
    }
    return fib;
}
print(memo()(50));
