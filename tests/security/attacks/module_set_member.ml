// attack: overwrite a stdlib function on the shared module object (math.sqrt = ...)
// must: an error: module members cannot be set
// expect: refused
import math;
math.sqrt = fn(x) => "PWNED";
print(math.sqrt(4));
