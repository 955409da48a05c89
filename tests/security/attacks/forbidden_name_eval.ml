// attack: call the Python builtin eval
// must: a compile error: the name does not exist in ML
// expect: refused
x = eval("1+1");
print("PWNED", x);
