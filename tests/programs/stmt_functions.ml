// Functions: hoisting, nesting, annotations, implicit null return.
print(later(2));
function later(n: number) {
    return helper(n) * 10;
    function helper(k) {
        return k + 1;
    }
}
function outer() {
    function inner(a, b: string) {
        return a + b;
    }
    return inner(1, 2);
}
print(outer());
function noreturn() {
    x = 1;
}
print(noreturn());
function early(n) {
    if (n > 0) {
        return;
    }
    return "neg";
}
print(early(1), early(-1));
