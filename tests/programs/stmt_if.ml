// if / elif / else chains.
function classify(n) {
    if (n < 0) {
        return "negative";
    } elif (n == 0) {
        return "zero";
    } elif (n < 10) {
        return "small";
    } else {
        return "large";
    }
}
print(classify(-3), classify(0), classify(5), classify(50));
if ([]) {
    print("empty array truthy");
} else {
    print("empty array falsy");
}
if ("0") {
    print("string 0 truthy");
}
