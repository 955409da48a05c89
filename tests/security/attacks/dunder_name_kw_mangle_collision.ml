// attack: write the mangled name of a Python keyword directly (__kw_class)
// must: compile error
// expect: denied SyntaxError
class = 1;
__kw_class = "PWNED";
print(class);
