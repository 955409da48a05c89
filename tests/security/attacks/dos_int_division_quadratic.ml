// attack: y // x on multi-million-bit integers: schoolbook division is quadratic (minutes in C)
// must: LimitError (division work bound) before dividing
// expect: limit
// limits: timeout=1
// isolate: yes
x = 2 ** 1900000 + 1;
y = x * x;
print(y // (x + 2));
