// Targets and sources with side effects are evaluated exactly once.
calls = [];
function note(tag, value) {
    calls.append(tag);
    return value;
}
arr = [1, 2, 3];
note("arr", arr)[note("i", 0)] += 10;
print(arr, calls);
calls = [];
obj = {n: 1, inner: {m: 5}};
note("obj", obj).n *= 7;
note("inner", obj).inner.m -= 2;
print(obj, calls);
calls = [];
{a, b} = note("src", {a: 1, b: 2});
print(a, b, calls);
calls = [];
[x, y] = note("pair", [3, 4]);
print(x, y, calls);
s = [0, 1, 2, 3, 4, 5];
s[1:3] = ["x"];
print(s);
s[::2] = [7, 8, 9];
print(s);
s[:] = [];
print(s);
t = "ab";
parts = {v: t};
parts.v += "lit";
parts["w"] = 1;
parts["w"] += 1;
print(parts);
