// attack: smuggle a dunder name in as a parameter
// must: compile error
// expect: denied SyntaxError
f = fn(__class__) => __class__;
print(f(1));
print("PWNED");
