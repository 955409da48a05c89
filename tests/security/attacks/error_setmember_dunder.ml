// attack: set a dunder-like field on a caught error with setmember
// must: never reaches a Python attribute
// expect: refused
try {
    throw "x";
} except (e) {
    e["__class__"] = 1;
    print("PWNED");
}
