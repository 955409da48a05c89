// Builtin edge rules: min/max of one non-array value, conversions, round of negatives.
print(min("abc"), max("abc"), min(5.5), max([7]));
print(int("-3"), int(" +4 "), float("-0.5"), int(2.9999));
print(round(-0.5), round(-1.5), round(0.125, 2), round(-2.675, 0));
print(sorted([2, 3, 1], false), sorted([], true), sorted(["b", "a"], fn(s) => s));
print(sum([0.1, 0.2]), abs(-0), abs(-1e400));
try {
    int("");
} except (e) {
    print(e.type);
}
try {
    float("1.2.3");
} except (e) {
    print(e.type);
}
