// attack: "%0900000000d" % 1 builds a 900 MB string in one C call, bypassing the string-size guard of *
// must: a limit error (like "x" * 10**10), before the allocation
// expect: limit
// limits: timeout=3
// isolate: yes
x = "%0900000000d" % 1;
print(len(x));
