// attack: functional.map(repr, ...) over modules and Python-made functions
// must: ML notation only
// expect: output-no-secret
import functional;
import math;
print(functional.map(repr, [math, functional.identity, functional.memoize(len), print]));
