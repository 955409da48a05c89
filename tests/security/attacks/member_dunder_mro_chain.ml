// attack: classic sandbox escape: "".__class__.__mro__[1].__subclasses__()
// must: compile error
// expect: denied SyntaxError
subs = "".__class__.__mro__[1].__subclasses__();
for (c in subs) { print(c); }
print("PWNED");
