// attack: import the Python module mlpy
// must: ImportError: Python modules are never importable
// expect: denied ImportError
import mlpy;
print("PWNED");
