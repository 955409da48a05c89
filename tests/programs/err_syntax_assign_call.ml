// A call is not an assignable target.
function f() {
    return 1;
}
f() = 2;
