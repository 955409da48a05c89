// An uncaught thrown object: its type defaults to Error.
function check(v) {
    if (v < 0) {
        throw {message: "negative value", value: v};
    }
    return v;
}
print(check(1));
print(check(-1));
