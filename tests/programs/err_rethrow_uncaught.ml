// A rethrown error keeps its original position.
function parse(text) {
    if (text == "") {
        throw {type: "ParseError", message: "empty input"};
    }
    return text;
}
try {
    parse("");
} except (e) {
    print("logging", e.type);
    throw e;
}
