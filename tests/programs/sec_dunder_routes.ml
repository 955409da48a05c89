// No route reaches a dunder attribute: subscripts, getattr, error objects.
function f() {
    return 1;
}
try {
    x = "abc"["__class__"];
    print("reached", x);
} except (e) {
    print("string subscript blocked");
}
print(getattr(f, "__code__"), getattr("abc", "__len__"), hasattr(f, "__globals__"));
try {
    throw "oops";
} except (e) {
    print(getattr(e, "__traceback__"), getattr(e, "__class__"), e.message);
}
