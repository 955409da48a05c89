// attack: import the Python module pickle
// must: ImportError: Python modules are never importable
// expect: denied ImportError
import pickle;
print("PWNED");
