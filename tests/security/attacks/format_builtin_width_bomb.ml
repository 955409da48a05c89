// attack: format(1, "0900000000") width bomb through the format builtin
// must: a limit error (or an ML error), never a 900 MB allocation
// expect: refused
// limits: timeout=3
// isolate: yes
x = format(1, "0900000000");
print(len(x));
