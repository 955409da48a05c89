// attack: a function that qualifies as never returning a string or array, rebound through nonlocal to one that does, then used to double
// must: a limit error (steps, memory or timeout) quickly
// expect: limit
// limits: timeout=3 max_steps=1000000
// isolate: yes
function pick(n) {
    if (n < 0) { return 0; }
    return n - 1;
}
function swap() {
    nonlocal pick;
    pick = fn(x) => x;
}
function grow(s) {
    while (true) { s = pick(s) + pick(s); }
}
swap();
grow([1, 2]);
