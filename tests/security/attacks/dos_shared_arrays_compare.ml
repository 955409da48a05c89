// attack: compare two equal values that share their arrays 40 times over: 2**41 pairs in one C call
// must: LimitError (the comparison's size is checked under limits)
// expect: limit
// limits: timeout=1
// isolate: yes
a = [1];
b = [1];
for (i in range(40)) { a = [a, a]; b = [b, b]; }
print(a == b);
