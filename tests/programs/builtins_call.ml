// call(func, *args) and module helpers.
print(call(fn(a, b) => a + b, 2, 3));
print(call(max, 1, 9));
print(has_module("math"), has_module("no_such_module"));
