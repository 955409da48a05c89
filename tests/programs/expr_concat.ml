// The concatenating plus: every documented example (docs/language/guide.md).
print("n=" + 1);
print("x" + true);
print("v: " + null);
print(1 + 2 + "c");
print("a" + 1 + 2);
print("s" + (1 + 2));
x = 5;
x += "lit";
print(x);
print(len("ab") + 1);
print("arr: " + [1, "a", null]);
print("obj: " + {k: true});
print("f: " + 1.0);
n = 4;
print("n" + n + n);
print(n + n + "!");
print('single' + " and " + 'double');
