// attack: double an array with + inside a function (hot code: the size check is inline there)
// must: a limit error (steps, memory or timeout) quickly
// expect: limit
// limits: timeout=3 max_steps=1000000
// isolate: yes
function grow(x) {
    while (true) { x = x + x; }
}
grow([1, 2]);
