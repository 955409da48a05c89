// attack: index an iterator with "__next__"
// must: an ML error
// expect: refused
it = iter([1, 2]);
print(it["__next__"]);
print("PWNED");
