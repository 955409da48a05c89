// int/float/str/bool conversions.
print(int("3.7"), int(" 7 "), int(3.9), int(-3.9), int(true), int("42"));
print(float("2.5"), float(3), float(" 1e3 "));
print(str(1), str(1.0), str([1, "a"]), str(null), str(false));
print(bool(0), bool(1), bool(""), bool("a"), bool([]), bool(null));
try {
    int("abc");
} except (e: ValueError) {
    print("ValueError caught");
}
try {
    float("x");
} except (e: ValueError) {
    print("ValueError caught");
}
