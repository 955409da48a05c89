// attack: reach the Python re.Pattern inside an @ml_class instance via __dict__
// must: compile error
// expect: denied SyntaxError
import regex;
p = regex.compile("a+");
print(p.__dict__);
print("PWNED");
