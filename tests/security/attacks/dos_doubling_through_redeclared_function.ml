// attack: a qualifying function is redeclared (second declaration returns its argument) and then used to double a string
// must: a limit error (steps, memory or timeout) quickly
// expect: limit
// limits: timeout=3 max_steps=1000000
// isolate: yes
function twice(n) {
    if (n < 1) { return 0; }
    return twice(n - 1) + twice(n - 1);
}
twice = fn(x) => x;
function grow(s) {
    while (true) { s = twice(s) + twice(s); }
}
grow("ab");
