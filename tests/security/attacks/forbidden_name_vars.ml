// attack: call the Python builtin vars
// must: a compile error: the name does not exist in ML
// expect: refused
x = vars(print);
print("PWNED", x);
