// attack: call the Python builtin object
// must: a compile error: the name does not exist in ML
// expect: refused
x = object;
print("PWNED", x);
