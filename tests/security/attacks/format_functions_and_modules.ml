// attack: format() and str() of functions, modules, instances to leak Python reprs
// must: ML notation only, no <class, no addresses
// expect: output-no-secret
import math;
import regex;
import datetime;
f = fn(x) => x;
for (v in [print, f, math, math.sqrt, regex.compile("a"), datetime.createDelta(1), iter([1]), builtin]) {
    print(str(v), repr(v), format(v, ""));
}
