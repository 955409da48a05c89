// attack: read fn["__globals__"] of an ML function
// must: an ML error
// expect: refused
function f() { return 1; }
print(f["__globals__"]);
print("PWNED");
