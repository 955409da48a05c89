// attack: collections.sortBy with a key function reaching dunders via getattr
// must: sorting works on nulls, nothing leaks
// expect: output-no-secret
import collections;
print(collections.sortBy([print, len, "a"], fn(x) => str(getattr(x, "__class__"))));
