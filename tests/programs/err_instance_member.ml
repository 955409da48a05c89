// An unknown member of an @ml_class instance names the class and the member.
import regex;
m = regex.search("a", "cat");
print(m.group());
print(m.nosuch());
