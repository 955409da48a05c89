// attack: upper() of a string the compiler knows is a string (8,000,000 characters that each expand
// to three wide ones) inside a function: the compiled fast path is Python's own method, which
// charges no step, and straight-line code takes none: 12 such lines took 2.4 s under timeout=1
// must: the run stops at its time limit (a limit check follows every costly statement)
// expect: limit
// limits: timeout=1
// isolate: yes
function f() {
    b = "" + "\u0390" * 7999999;
    t = b.upper(); t = null;
    t = b.upper(); t = null;
    t = b.upper(); t = null;
    t = b.upper(); t = null;
    t = b.upper(); t = null;
    t = b.upper(); t = null;
    t = b.upper(); t = null;
    t = b.upper(); t = null;
    t = b.upper(); t = null;
    t = b.upper(); t = null;
    t = b.upper(); t = null;
    t = b.upper(); t = null;
    t = b.upper(); t = null;
    t = b.upper(); t = null;
    t = b.upper(); t = null;
    t = b.upper(); t = null;
    t = b.upper(); t = null;
    t = b.upper(); t = null;
    t = b.upper(); t = null;
    t = b.upper(); t = null;
    t = b.upper(); t = null;
    t = b.upper(); t = null;
    t = b.upper(); t = null;
    t = b.upper(); t = null;
    return 1;
}
f();
