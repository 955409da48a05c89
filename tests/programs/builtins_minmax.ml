// min/max: several arguments, one array, empty array, one non-array value.
print(min(3, 1, 2), max(3, 1, 2));
print(min([4, 5, 0]), max([4, 5, 9]));
print(min([]), max([]));
print(min(7), max("solo"));
print(max("apple", "pear"), min([2.5, 1]));
