// attack: call the Python builtin type
// must: a compile error: the name does not exist in ML
// expect: refused
x = type(1);
print("PWNED", x);
