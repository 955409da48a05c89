// attack: "%r" % [iter([1])] (a one-item array is not a tuple: %r sees the list) to expose the iterator class
// must: no "MLIterator object at 0x"
// expect: output-no-secret
x = "%r" % [iter([1])];
print(x);
