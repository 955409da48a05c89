// attack: methods() on modules, instances and builtin: look for any _-prefixed name
// must: no name starting with _ is listed
// expect: ok
// expect-output: bad 0
import math;
import regex;
import datetime;
import file;
bad = 0;
for (v in [math, regex, file, builtin, regex.compile("a"), datetime.now(), "s", [1], {a: 1}]) {
    for (n in methods(v)) {
        if (n.startswith("_")) { bad = bad + 1; print("leaked", n); }
    }
}
print("bad", bad);
