// attack: index a regex Pattern instance with "__dict__"
// must: an ML error
// expect: refused
import regex;
p = regex.compile("a");
print(p["__dict__"]);
print("PWNED");
