// `builtin` is a name like any other and can be shadowed.
function useit(builtin) {
    return builtin.abs(-5);
}
print(useit({abs: fn(x) => "shadowed " + x}));
print(builtin.abs(-5));
