// attack: reach the bridge object behind print via print.__self__
// must: compile error
// expect: denied SyntaxError
print(print.__self__);
print("PWNED");
