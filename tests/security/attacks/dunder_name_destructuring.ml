// attack: bind dunder names through object destructuring
// must: compile error
// expect: denied SyntaxError
{__class__, __dict__} = {};
print("PWNED");
