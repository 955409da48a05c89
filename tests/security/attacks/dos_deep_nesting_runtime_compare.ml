// attack: compare two arrays nested 100,000 deep: Python's == recurses in C
// must: an ML error (recursion or limit), never a crash of the host
// expect: refused
// limits: max_steps=1000000
a = [];
b = [];
for (i in range(100000)) { a = [a]; b = [b]; }
print(a == b);
