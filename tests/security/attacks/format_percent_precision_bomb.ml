// attack: "%.900000000f" % 1.5 — a precision bomb through printf formatting
// must: a limit error, before the allocation
// expect: limit
// limits: timeout=3
// isolate: yes
x = "%.900000000f" % 1.5;
print(len(x));
