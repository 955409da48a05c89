// nonlocal rebinds a variable of the enclosing function, or of the top level.
counter = 0;
function bump() {
    nonlocal counter;
    counter += 1;
}
bump();
bump();
print(counter);
function make() {
    n = 0;
    function inc() {
        nonlocal n;
        n += 1;
        return n;
    }
    return inc;
}
c = make();
c();
c();
print(c());
function pair() {
    a = 1;
    b = 2;
    function swap() {
        nonlocal a, b;
        [a, b] = [b, a];
    }
    swap();
    return [a, b];
}
print(pair());
