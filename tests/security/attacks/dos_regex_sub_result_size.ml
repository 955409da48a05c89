// attack: regex.sub has no result-size check: "" matches at every position of 100,000 characters
// must: LimitError (string bound) before the result is built
// expect: limit
// limits: timeout=1
// isolate: yes
import regex;
s = regex.sub("", "x" * 10000, "a" * 100000);
