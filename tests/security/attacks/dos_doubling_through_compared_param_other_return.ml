// attack: a function compares one parameter with a number first but returns another (an array), used to double
// must: a limit error (steps, memory or timeout) quickly
// expect: limit
// limits: timeout=3 max_steps=1000000
// isolate: yes
function through(n, s) {
    if (n < 0) { return n; }
    return s;
}
function grow(s) {
    while (true) { s = through(1, s) + through(1, s); }
}
grow([1, 2]);
