// attack: store and read o["__class__"] on an object
// must: plain data: the key holds what was stored, nothing else
// expect: ok
// expect-output: 1 1 {"__class__": 1}
o = {};
o["__class__"] = 1;
print(o["__class__"], getattr(o, "__class__"), o);
