// attack: reach the Python class of a number with x.__class__
// must: compile error at the dunder name
// expect: denied SyntaxError
x = 1;
print(x.__class__);
print("PWNED");
