// attack: double a string through a function that returns its argument (the size check of a '+' of call results must stay)
// must: a limit error (steps, memory or timeout) quickly
// expect: limit
// limits: timeout=3 max_steps=1000000
// isolate: yes
function same(x) { return x; }
function grow(s) {
    while (true) { s = same(s) + same(s); }
}
grow("ab");
