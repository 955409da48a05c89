// attack: read a stdlib module's namespace with math.__dict__
// must: compile error
// expect: denied SyntaxError
import math;
d = math.__dict__;
print(d);
print("PWNED");
