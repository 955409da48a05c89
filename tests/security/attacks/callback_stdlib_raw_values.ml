// attack: get raw Python values (tuples, bytes, match objects) out of stdlib results
// must: every result is an ML value: typeof is a known ML type
// expect: ok
// expect-output: bad 0
import functional;
import collections;
import crypto;
import regex;
ok = ["number", "string", "boolean", "null", "array", "object", "function", "module", "iterator", "error", "Match", "Pattern"];
vals = [functional.zip([1], [2])[0], collections.zip([1], [2])[0], crypto.random_bytes(2), regex.subn("a", "b", "aa"), functional.partition(fn(x) => x > 1, [1, 2])[0], regex.finditer("a", "aa")[0]];
bad = 0;
for (v in vals) { if (!collections.contains(ok, typeof(v))) { bad = bad + 1; print("raw", typeof(v)); } }
print("bad", bad);
