// throw of objects, strings and numbers; error objects have type, message, line and the thrown fields.
try {
    throw {message: "m", code: 42};
} except (e) {
    print(typeof(e), e.type, e.message, e.code, e.missing);
    print(e);
    print(str(e));
    print("got: " + e);
}
try {
    throw "text";
} except (e) {
    print(e.type, e.message, e.value);
}
try {
    throw 42;
} except (e) {
    print(e.message, e.value, typeof(e.message), typeof(e.value));
}
try {
    throw {code: 1};
} except (e) {
    print("[" + e.message + "]", e.type, e.code);
}
try {
    throw {type: "MyError", message: "custom"};
} except (e: TypeError) {
    print("wrong clause");
} except (e: MyError) {
    print("caught", e.type, e.message);
}
