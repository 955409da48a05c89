// attack: format(x, "!r") / "{!r}" to get a Python repr
// must: an ML error
// expect: refused
print(format(print, "!r"));
print("PWNED");
