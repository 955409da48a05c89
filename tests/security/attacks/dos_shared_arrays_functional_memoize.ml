// attack: call a functional.memoize function with a value that shares its arrays 40 times over: the
// attack: cache key spells out every array as often as it occurs (2**41 items) in one Python loop that
// attack: charges no step, so the timeout could not stop it
// must: LimitError (under limits the arguments are measured before the key is built)
// expect: limit
// limits: timeout=1
// isolate: yes
import functional;
a = [0];
for (i in range(40)) { a = [a, a]; }
f = functional.memoize(fn(v) => 1);
x = f(a);
