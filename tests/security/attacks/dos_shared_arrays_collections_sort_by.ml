// attack: collections.sortBy with keys on two different values that share their arrays 40 times over: Python compares
// attack: them item by item, 2**41 pairs in one C call that no step or timeout can interrupt
// must: LimitError (under limits the values are measured before the C call)
// expect: limit
// limits: timeout=1
// isolate: yes
a = [0];
b = [0];
for (i in range(40)) { a = [a, a]; b = [b, b]; }
import collections;
x = collections.sortBy([1, 2], fn(v) => v == 1 ? a : b);
