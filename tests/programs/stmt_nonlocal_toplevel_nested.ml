// nonlocal to the top level from a nested function means global.
log = [];
total = 0;
function outer() {
    function inner(v) {
        nonlocal total;
        total += v;
        log.append(v);
    }
    inner(2);
    inner(3);
}
outer();
print(total, log);
