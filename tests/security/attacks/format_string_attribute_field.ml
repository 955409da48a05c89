// attack: format("s", "{.__class__.__mro__}") on a string
// must: an ML error
// expect: refused
print(format("s", "{.__class__.__mro__}"));
print("PWNED");
