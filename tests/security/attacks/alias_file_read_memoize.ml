// attack: functional.memoize(file.read) to hide the call behind a cache
// must: CapabilityError
// expect: denied CapabilityError
import functional;
import file;
m = functional.memoize(file.read);
print(m("{SECRET}"));
