// attack: import the Python module os
// must: ImportError: Python modules are never importable
// expect: denied ImportError
import os;
print("PWNED");
