// attack: getattr on a regex Pattern for _pattern, __class__, __init__
// must: null
// expect: ok
// expect-output: null null null null
import regex;
p = regex.compile("a");
print(getattr(p, "_pattern"), getattr(p, "__class__"), getattr(p, "__init__"), getattr(p, "_compiled"));
