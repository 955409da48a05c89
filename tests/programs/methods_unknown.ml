// Methods outside the allow-list are unreachable and give catchable errors.
try {
    "abc".format(1);
} except (e) {
    print(e.type);
}
try {
    [1].map(fn(x) => x);
} except (e) {
    print(e.type);
}
try {
    n = 5;
    n.bit_length();
} except (e) {
    print(e.type);
}
