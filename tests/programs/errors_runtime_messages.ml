// Runtime error objects carry an ML-worded message.
try {
    x = 1 / 0;
} except (e) {
    print(e.type + ": " + e.message);
}
try {
    x = 5 // 0;
} except (e) {
    print(e.type + ": " + e.message);
}
try {
    x = 5 % 0;
} except (e) {
    print(e.type + ": " + e.message);
}
