// attack: catastrophic backtracking regexes ^(a+)+$ and ^(a|aa)+$ inside the sandbox child
// must: the sandbox's timeout kills the child (whole process group) and reports TimeoutError
// expect: limit
// limits: timeout=2
// sandbox: yes
import regex;
print(regex.test("^(a+)+$", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"));
print(regex.test("^(a|aa)+$", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"));
