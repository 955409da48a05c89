// Methods raise catchable errors with Python-like types.
try {
    [].pop();
} except (e) {
    print("pop:", e.type);
}
try {
    [1, 2].index(99);
} except (e) {
    print("index:", e.type);
}
try {
    "abc".index("z");
} except (e) {
    print("str index:", e.type);
}
try {
    [1].remove(5);
} except (e) {
    print("remove:", e.type);
}
