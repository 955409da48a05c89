// attack: call the Python builtin globals
// must: a compile error: the name does not exist in ML
// expect: refused
x = globals();
print("PWNED", x);
