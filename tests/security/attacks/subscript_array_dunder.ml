// attack: index an array with "__class__"
// must: an ML TypeError
// expect: denied TypeError
print([]["__class__"]);
print("PWNED");
