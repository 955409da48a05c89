// attack: call the Python builtin exit
// must: a compile error: the name does not exist in ML
// expect: refused
x = exit(0);
print("PWNED", x);
