// attack: index a string with "__class__"
// must: an ML TypeError: a string index is a number, never an attribute
// expect: denied TypeError
print("a"["__class__"]);
print("PWNED");
