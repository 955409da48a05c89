// Arithmetic and comparison follow Python semantics.
print(7 / 2);
print(6 / 3);
print(7 // 2);
print(-7 // 2);
print(7 % 3);
print(-7 % 3);
print(7 % -3);
print(7.5 // 2);
print(2 ** 10);
print(2 ** 100);
print(0.1 + 0.2);
print(1 == 1.0, true == 1, 1 != 2, "a" < "b");
print([1, 2] == [1, 2], {a: 1} == {a: 1}, null == null, null == false);
print([1, 2] + [3]);
x = "ab";
y = "cd";
print(x + y);
print(10 / 4, 1e3, 1E-2);
