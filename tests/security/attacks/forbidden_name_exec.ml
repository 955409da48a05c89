// attack: call the Python builtin exec
// must: a compile error: the name does not exist in ML
// expect: refused
x = exec("import os");
print("PWNED", x);
