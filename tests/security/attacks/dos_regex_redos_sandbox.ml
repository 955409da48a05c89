// attack: catastrophic backtracking regex ^(a+)+$ inside the sandbox child
// must: the sandbox's timeout kills the child (whole process group) and reports TimeoutError
// expect: limit
// limits: timeout=2
// sandbox: yes
import regex;
print(regex.test("^(a+)+$", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"));
