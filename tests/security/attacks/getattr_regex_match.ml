// attack: getattr on a regex Match object for re, string, __class__
// must: null for each Python-only name
// expect: ok
// expect-output: null null null null
import regex;
m = regex.search("b", "abc");
print(getattr(m, "re"), getattr(m, "string"), getattr(m, "__class__"), getattr(m, "_match"));
