// attack: double a string by concatenation inside a function (hot code: inline size check)
// must: a limit error (steps, memory or timeout) quickly
// expect: limit
// limits: timeout=3 max_steps=1000000
// isolate: yes
function grow(x) {
    for (i in range(100)) { x = x + "-" + x; }
    return x;
}
grow("ab");
