// When several clauses match, the first one runs; `except {..}` catches everything.
try {
    x = 1 / 0;
} except (e) {
    print("first", e.type);
} except (e: ZeroDivisionError) {
    print("second");
}
try {
    throw "anything";
} except {
    print("bare except");
}
try {
    throw {type: "A"};
} except (e: B) {
    print("B");
} except (e: A) {
    print("A");
} except (e: A) {
    print("A again");
}
