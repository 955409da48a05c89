// attack: an imported ML module tries import os
// must: ImportError (compile time of that module)
// expect: denied ImportError
import lib.evil;
print("PWNED");
