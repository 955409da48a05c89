// RecursionError and StopIteration are catchable runtime errors.
function down(n) {
    return down(n + 1);
}
try {
    down(0);
} except (e: RecursionError) {
    print("caught", e.type);
}
it = iter([1]);
print(next(it));
try {
    next(it);
} except (e: StopIteration) {
    print("caught", e.type);
}
print(next(it, "default"));
try {
    x = "a" - 1;
} except (e: TypeError) {
    print("caught", e.type);
}
try {
    v = float("nope");
} except (e: ValueError) {
    print("caught", e.type);
}
