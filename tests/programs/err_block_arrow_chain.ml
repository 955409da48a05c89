// The call chain names ML functions as written: block arrows are <anonymous>, keyword names unmangled.
handlers = {
    run: fn(v) => {
        checked = v + 1;
        return checked.missing();
    }
};
function def(v) {
    return handlers.run(v);
}
print("before");
def(1);
