// attack: read the generated module's __builtins__ dict directly
// must: compile error
// expect: denied SyntaxError
b = __builtins__;
print(b);
print("PWNED");
