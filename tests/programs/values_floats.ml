// Floats print as Python's shortest repr, also inside containers; inf and nan.
big = 1e400;
print([0.1 + 0.2, big, -big, -0.0, 2.50, 1 / 3]);
print({x: big, y: 1e-5});
print(big - big, [big - big]);
print(str(1e400), typeof(big - big));
