// attack: collections.map([secret], file.read)
// must: CapabilityError
// expect: denied CapabilityError
import collections;
import file;
print(collections.map(["{SECRET}"], file.read));
