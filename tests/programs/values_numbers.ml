// Number literals: hex, binary, separators, floats, big ints, inf.
print(0x1F, 0b101, 1_000, 1_000_000);
print(1e400, -1e400, typeof(1e400));
print(.5, 5., 1e3, 1E-2);
print(123456789012345678901234567890 * 10);
print(2 ** 64);
print(0xff + 1, 3.14);
print(1e400 > 10 ** 300);
