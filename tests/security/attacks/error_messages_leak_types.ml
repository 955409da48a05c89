// attack: provoke Python exceptions and print their ML messages to harvest Python class names
// must: messages are ML-worded, no <class or addresses
// expect: output-no-secret
function f() { return 1; }
probes = [fn() => 1 + "a" * 0 + [], fn() => f(1, 2, 3), fn() => null.x.y, fn() => {a: 1} < {b: 2}, fn() => int([]), fn() => f + 1, fn() => len(5), fn() => [].pop()];
for (p in probes) {
    try { p(); } except (e) { print(e.type, e.message); }
}
