// attack: getattr(x, "_private") style names on string, array, number
// must: null
// expect: ok
// expect-output: null null null null
print(getattr("s", "_x"), getattr([1], "_data"), getattr(3, "_value"), getattr("s", "__len__"));
