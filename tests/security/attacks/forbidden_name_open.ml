// attack: call the Python builtin open
// must: a compile error: the name does not exist in ML
// expect: refused
x = open("/etc/passwd").read();
print("PWNED", x);
