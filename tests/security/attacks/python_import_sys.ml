// attack: import the Python module sys
// must: ImportError: Python modules are never importable
// expect: denied ImportError
import sys;
print("PWNED");
