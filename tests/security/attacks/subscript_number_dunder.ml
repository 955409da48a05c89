// attack: index a number with "__class__"
// must: an ML error, never the int class
// expect: refused
n = 5;
print(n["__class__"]);
print("PWNED");
