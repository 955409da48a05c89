// Lexical scopes: locals, globals, forward references.
function show() {
    return limit;
}
limit = 5;
print(show());
x = "global";
function f() {
    x = "local";
    return x;
}
print(f(), x);
function g() {
    return x;
}
print(g());
function outer() {
    v = 1;
    function mid() {
        function inner() {
            return v + 1;
        }
        return inner();
    }
    return mid();
}
print(outer());
function usesLater() {
    return helperDefinedLater(3);
}
print(usesLater());
function helperDefinedLater(n) {
    return n * n;
}
