// attack: read o["__dict__"] of an object that lacks the key
// must: a KeyError (data lookup), not the dict's attributes
// expect: denied KeyError
o = {a: 1};
print(o["__dict__"]);
print("PWNED");
