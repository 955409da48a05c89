// `**` never produces a value ML does not have: a negative base with a fractional exponent is a ValueError.
try {
    x = (-8) ** 0.5;
} except (e) {
    print(e.type, "|", e.message);
}
base = -8;
try {
    print(base ** 0.5);
} except (e: ValueError) {
    print("caught", e.message);
}
print((-8) ** 2.0, (-2) ** -1, 4 ** 0.5, -8 ** 0.5, base ** 3);
