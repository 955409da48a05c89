// callable, isinstance, all/any/sum, len, abs, keys/values.
function f() {
    return 1;
}
print(callable(f), callable(print), callable(fn() => 1), callable(1), callable("print"));
print(isinstance(1, "number"), isinstance("s", "string"), isinstance([], "array"), isinstance({}, "object"), isinstance(1, "string"));
print(all([1, true, "x"]), all([1, 0]), all([]), any([0, "", null]), any([0, 2]), any([]));
print(sum([1, 2, 3]), sum([1.5, 2.5]), sum([]), sum([1, 2], 10));
print(len("hello"), len([1, 2]), len({a: 1, b: 2}), len(""));
print(abs(-5), abs(3.5), abs(-0.5));
print(keys({x: 1, y: 2}), values({x: 1, y: 2}));
