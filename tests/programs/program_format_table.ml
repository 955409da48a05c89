// Formatting a table with format() and string methods.
rows = [["apple", 1.5, 3], ["kiwi", 0.25, 12]];
for (r in rows) {
    print(r[0].ljust(8) + "|" + format(r[1], "6.2f") + "|" + str(r[2]).rjust(4));
}
print(format(0.5, "%"), format(255, "x"), format(3, "b"));
