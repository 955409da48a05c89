// attack: read math["__dict__"]
// must: an ML error: a module cannot be indexed
// expect: denied TypeError
import math;
print(math["__dict__"]);
print("PWNED");
