// range forms, enumerate and zip pairs are arrays, iter/next.
print(range(5));
print(range(2, 5));
print(range(10, 0, -3));
print(range(0));
print(enumerate(["a", "b"]));
print(enumerate(["a", "b"], 1));
print(zip([1, 2, 3], ["x", "y"]));
print(zip([1], [2], [3]));
print(typeof(range(3)), typeof(enumerate([])), typeof(zip([], [])));
it = iter("ab");
print(next(it), next(it));
