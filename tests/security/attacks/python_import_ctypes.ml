// attack: import the Python module ctypes
// must: ImportError: Python modules are never importable
// expect: denied ImportError
import ctypes;
print("PWNED");
