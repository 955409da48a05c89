// attack: rebind a runtime helper through nonlocal
// must: compile error
// expect: denied SyntaxError
function f() {
    nonlocal __ml_catch;
    __ml_catch = 1;
}
f();
print("PWNED");
