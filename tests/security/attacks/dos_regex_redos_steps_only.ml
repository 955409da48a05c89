// attack: catastrophic backtracking when the run has only a step limit (no deadline for the match)
// must: LimitError: the match gets the time the remaining steps allow
// expect: limit
// limits: max_steps=100000
// isolate: yes
import regex;
print(regex.test("(a|aa)+$", "a" * 60 + "b"));
