// attack: index true and null with "__class__"
// must: an ML error
// expect: refused
b = true;
print(b["__class__"]);
print("PWNED");
