// attack: call the Python builtin compile
// must: a compile error: the name does not exist in ML
// expect: refused
x = compile("1", "x", "eval");
print("PWNED", x);
