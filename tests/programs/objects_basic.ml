// Object member access, missing keys, length, stored functions.
o = {a: 1, "b c": 2,};
print(o.a, o["b c"], o.missing);
print(o.length);
try {
    print(o["missing"]);
} except (e: KeyError) {
    print("caught", e.type);
}
withlen = {length: 99, x: 1};
print(withlen.length);
calc = {double: fn(x) => x * 2, name: "calc"};
print(calc.double(21));
print("ab".length, [1, 2, 3].length, {}.length);
print(keys(o), values(o));
o.a = 5;
o["new"] = true;
print(o);
