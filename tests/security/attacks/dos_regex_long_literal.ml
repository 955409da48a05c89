// attack: a regular expression with a 2,000-character literal: the engine's search table for it takes seconds on the first search, with no deadline
// must: LimitError naming the literal-run bound
// expect: limit
// limits: timeout=1
// isolate: yes
import regex;
x = regex.search("%s" * 1000, "{" * 50000);
