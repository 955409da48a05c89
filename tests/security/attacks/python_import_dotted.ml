// attack: import os.path / mlpy.runtime.capabilities with dotted names
// must: ImportError
// expect: denied ImportError
import mlpy.runtime.capabilities as caps;
print("PWNED");
