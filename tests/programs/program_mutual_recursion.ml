// Hoisted functions may call each other in either order.
print(isEven(10), isOdd(7), isEven(3));
function isEven(n) {
    if (n == 0) {
        return true;
    }
    return isOdd(n - 1);
}
function isOdd(n) {
    if (n == 0) {
        return false;
    }
    return isEven(n - 1);
}
