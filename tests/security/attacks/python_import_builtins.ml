// attack: import the Python module builtins
// must: ImportError: Python modules are never importable
// expect: denied ImportError
import builtins;
print("PWNED");
