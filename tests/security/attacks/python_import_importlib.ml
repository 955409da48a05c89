// attack: import the Python module importlib
// must: ImportError: Python modules are never importable
// expect: denied ImportError
import importlib;
print("PWNED");
