// attack: call the Python builtin breakpoint
// must: a compile error: the name does not exist in ML
// expect: refused
x = breakpoint();
print("PWNED", x);
