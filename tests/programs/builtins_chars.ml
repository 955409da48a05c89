// chr/ord/hex/bin/oct/repr/format.
print(chr(65), ord("a"), chr(0x263A));
print(hex(255), bin(5), oct(8), hex(-1));
print(repr("a"), repr(1), repr([1, "x"]), repr(null), repr("q\"n\n"), repr(true), repr(2.0));
print(format(3.14159, ".2f"), format(42, "05d"), format("x", ">3"), format(1234567, ","));
print(format(7));
