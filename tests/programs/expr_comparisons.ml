// Comparisons follow Python semantics and do not chain.
print("apple" < "banana", "b" > "a", "a" == "a", "a" != "b");
print([1, 2] < [1, 3], [1] == [1.0], 2 >= 2, 3 <= 2);
print(null == 0, false == 0, "" == false, [] == {});
print(1 < 2 < 3, 3 < 2 < 1);
