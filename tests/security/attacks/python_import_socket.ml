// attack: import the Python module socket
// must: ImportError: Python modules are never importable
// expect: denied ImportError
import socket;
print("PWNED");
