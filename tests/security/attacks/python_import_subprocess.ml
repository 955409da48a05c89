// attack: import the Python module subprocess
// must: ImportError: Python modules are never importable
// expect: denied ImportError
import subprocess;
print("PWNED");
