// sorted with reverse and with a key function; reversed.
a = [3, 1, 2];
print(sorted(a), a);
print(sorted(a, true));
print(sorted(["bb", "a", "ccc"], fn(s) => s.length));
print(sorted(["b", "A", "c"]));
print(reversed([1, 2, 3]), typeof(reversed([1])));
