// nonlocal must name an existing variable of an enclosing function or the top level.
function f() {
    nonlocal missingVar;
    missingVar = 1;
}
