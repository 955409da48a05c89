// attack: call the Python builtin dir
// must: a compile error: the name does not exist in ML
// expect: refused
x = dir(print);
print("PWNED", x);
