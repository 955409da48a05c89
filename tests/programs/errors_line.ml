// The line field records where the error was raised.
function fail() {
    throw {message: "boom"};
}
try {
    fail();
} except (e) {
    print(e.line, e.message);
}
try {
    items = [1];
    v = items[5];
} except (e) {
    print(e.line, e.type);
}
