// attack: overwrite a dunder attribute on an object: o.__class__ = ...
// must: compile error
// expect: denied SyntaxError
o = {a: 1};
o.__class__ = 5;
print("PWNED");
