// Python modules are never importable from ML.
import os;
print("never printed");
