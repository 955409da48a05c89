// attack: order two different values that share their arrays 40 times over (`a < b`): Python compares
// attack: them item by item, 2**41 pairs in one C call that no step or timeout can interrupt
// must: LimitError (under limits `<`, `<=`, `>`, `>=` of two arrays check their size first, as `==` does)
// expect: limit
// limits: timeout=1
// isolate: yes
// cli: yes
a = [0];
b = [0];
for (i in range(40)) { a = [a, a]; b = [b, b]; }
print(a < b);
