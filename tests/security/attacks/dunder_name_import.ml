// attack: call Python's __import__ to load os
// must: compile error (dunder identifier)
// expect: denied SyntaxError
os = __import__("os");
os.system("echo PWNED");
