// attack: functional.partial(file.read, secret)() called later
// must: CapabilityError
// expect: denied CapabilityError
import functional;
import file;
thunk = functional.partial(file.read, "{SECRET}");
print(thunk());
