// attack: catastrophic backtracking regex ^(a+)+$ on 30 a and a !
// must: the timeout stops it (C-level regex loop)
// expect: limit
// limits: timeout=2
// isolate: yes
import regex;
print(regex.test("^(a+)+$", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"));
