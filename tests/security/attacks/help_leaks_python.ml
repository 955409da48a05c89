// attack: help() on builtins, modules and stdlib functions to leak docstrings with Python objects
// must: no Python object reprs
// expect: output-no-secret
import math;
import file;
help(print);
help(math);
help(file.read);
print(requiredCapabilities(file.read));
