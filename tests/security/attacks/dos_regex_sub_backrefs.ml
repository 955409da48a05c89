// attack: a replacement that repeats the whole match many times over a long text
// must: LimitError (string bound, checked per match)
// expect: limit
// limits: timeout=2
// isolate: yes
import regex;
s = regex.sub("(a+)", "\\1" * 1000, "a" * 100000);
