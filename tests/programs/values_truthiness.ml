// Truthiness is Python's.
values = [0, 0.0, "", [], {}, null, false, 1, -1, "0", " ", [0], {a: null}, true, 0.1];
for (v in values) {
    if (v) {
        print(repr(v), "truthy");
    } else {
        print(repr(v), "falsy");
    }
}
print(bool(0), bool("x"), !0, !"x", !![]);
