// attack: assign to None, True, False, BaseException to break generated code
// must: names are mangled; null/true and try/except still work
// expect: ok
// expect-output: caught true true 5 2
None = 5;
True = 2;
Exception = 0;
BaseException = 1;
x = null;
try { throw 1; } except (e) { print("caught", x == null, true == 1, None, True); }
