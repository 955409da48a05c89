// An error raised inside an except clause propagates.
try {
    throw "first";
} except (e) {
    print("handling", e.message);
    missing = {}["key"];
}
