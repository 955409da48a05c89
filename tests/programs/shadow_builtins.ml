// User definitions shadow builtins; `builtin` still reaches them.
function max(a) {
    return "my max of " + a;
}
print(max(3));
print(builtin.max(3, 7));
print(builtin.abs(-5));
len = fn(x) => 42;
print(len("abc"));
print(builtin.len("abc"));
print(typeof(builtin));
