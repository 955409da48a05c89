// Reading a variable before it has a value is a NameError with the ML name (catchable).
try {
    print(later);
} except (e: NameError) {
    print(e.type, "|", e.message);
}
later = 1;
function outer() {
    value = helper();
    function helper() {
        return class + total;
    }
    total = 3;
    return value;
}
class = 10;
print(outer());
