// attack: y % x on multi-million-bit integers (the same quadratic division as //)
// must: LimitError (division work bound) before dividing
// expect: limit
// limits: timeout=1
// isolate: yes
x = 2 ** 1900000 + 1;
y = x * x;
y %= x + 2;
