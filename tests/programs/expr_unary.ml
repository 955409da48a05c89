// Unary operators and powers.
x = 3;
print(-x ** 2, (-x) ** 2, -x * 2, --x, !x, !!x);
print(2 ** 0.5, 4 ** 0.5, 10 ** -2, (-8) ** 2);
print(5.5 % 2, -5.5 // 2, 10 / 3);
print(1e16, 1e15, 123456789.123);
