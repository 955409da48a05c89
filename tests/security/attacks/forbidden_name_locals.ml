// attack: call the Python builtin locals
// must: a compile error: the name does not exist in ML
// expect: refused
x = locals();
print("PWNED", x);
