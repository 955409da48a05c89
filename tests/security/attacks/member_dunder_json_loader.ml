// attack: reach the import machinery with json.__loader__
// must: compile error
// expect: denied SyntaxError
import json;
print(json.__loader__);
print("PWNED");
