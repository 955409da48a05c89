// Assignment binds in the current scope: function-local inside a function, global at top level.
x = 1;
print(x);
x = x + 1;
print(x);
function f() {
    x = 10;
    return x;
}
print(f(), x);
