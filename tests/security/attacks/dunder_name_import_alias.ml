// attack: bind a module under a dunder alias to clobber a helper
// must: compile error
// expect: denied SyntaxError
import math as __ml_iter;
for (x in 5) { print("PWNED"); }
