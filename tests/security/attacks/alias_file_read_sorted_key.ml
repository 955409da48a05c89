// attack: sorted([secret], file.read) as a key function
// must: CapabilityError
// expect: denied CapabilityError
import file;
print(sorted(["{SECRET}"], file.read));
