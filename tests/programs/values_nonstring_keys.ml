// Through subscripts an object may use number, boolean and null keys; they print bare.
fruits = {};
fruits[0] = "apple";
print(fruits);
print(fruits[0]);
cache = {};
cache[true] = "t";
cache[null] = "n";
cache[1.5] = "f";
print(cache);
o = {};
o["__class__"] = 1;
print(o["__class__"], o, keys(o));
