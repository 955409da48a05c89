// attack: read e["__class__"] of a caught error object
// must: an ML error (an error cannot be indexed)
// expect: refused
try {
    throw {message: "m"};
} except (e) {
    print(e["__class__"]);
    print("PWNED");
}
