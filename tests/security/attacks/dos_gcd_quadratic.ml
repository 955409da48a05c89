// attack: math.gcd of two multi-million-bit integers (Lehmer gcd is quadratic)
// must: LimitError before the gcd is computed
// expect: limit
// limits: timeout=1
// isolate: yes
import math;
x = math.gcd(2 ** 3900000 - 1, 3 ** 2400000);
