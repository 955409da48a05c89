// attack: call(file.read, secret) via the call builtin
// must: CapabilityError
// expect: denied CapabilityError
import file;
print(call(file.read, "{SECRET}"));
