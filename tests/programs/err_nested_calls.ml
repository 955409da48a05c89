// An uncaught error inside nested calls shows the ML call chain.
function level3(x) {
    return 10 / x;
}
function level2(x) {
    return level3(x - 1);
}
function level1(x) {
    return level2(x);
}
print(level1(3));
print(level1(1));
