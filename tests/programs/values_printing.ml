// Printing uses ML notation everywhere, including inside containers.
print([1, "a", true, null]);
print({a: 1, b: [2]});
print([[1, [2, [3]]], {x: {y: {}}}]);
print(0.1 + 0.2, 2.0, 1.5e10, 1e-7, -0.0);
print("top\tlevel");
print(["line\nbreak", "tab\there", "q\"uote", "back\\slash", "it's"]);
print(["\u0001", "é", "\u00e9"]);
print({"k\n": "v"});
print();
print("a", 1, null, true, false);
print(str([1.0, -0.5]));
print(str(null), str(true), str(3));
print([], {});
print(["nested \"x\""]);
