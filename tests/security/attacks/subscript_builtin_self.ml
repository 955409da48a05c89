// attack: read print["__self__"] of a builtin
// must: an ML error
// expect: refused
print(print["__self__"]);
print("PWNED");
