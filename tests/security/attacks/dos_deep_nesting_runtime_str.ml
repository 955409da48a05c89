// attack: build an array nested 100,000 deep at run time, then str() it (recursive printer)
// must: an ML error (recursion), never a crash of the host
// expect: refused
a = [];
for (i in range(100000)) { a = [a]; }
print(str(a).length);
