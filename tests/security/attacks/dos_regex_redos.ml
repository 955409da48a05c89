// attack: catastrophic backtracking regex ^(a|aa)+$ on 40 a and a ! (and ^(a+)+$, classic)
// must: the timeout stops it (C-level regex loop)
// expect: limit
// limits: timeout=2
// isolate: yes
import regex;
print(regex.test("^(a+)+$", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"));
print(regex.test("^(a|aa)+$", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"));
