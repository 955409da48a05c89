// for-in over arrays, strings (characters) and objects (keys in insertion order).
for (x in [1, 2, 3]) {
    print(x);
}
for (c in "hé!") {
    print(c);
}
o = {b: 1, a: 2, c: 3};
for (k in o) {
    print(k, o[k]);
}
for (i in range(3)) {
    if (i == 1) {
        continue;
    }
    print("i=" + i);
}
for (p in enumerate(["x", "y"])) {
    print(p);
}
for (n in [1, 2, 3, 4]) {
    if (n == 3) {
        break;
    }
    print("n", n);
}
