// attack: functional.groupBy with a key function returning print / a Pattern: keys are made with Python str()
// must: keys in ML notation; no "<function print at 0x" or "object at 0x" in the printed result
// expect: output-no-secret
import functional;
import regex;
print(functional.groupBy(fn(x) => print, [1]));
print(functional.groupBy(fn(x) => regex.compile("a"), [1]));
