// attack: sorted(names, key) where the key reads dunders of print
// must: nothing leaks
// expect: output-no-secret
print(sorted(["__class__", "__self__", "__globals__"], fn(n) => str(getattr(print, n))));
