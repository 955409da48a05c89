// attack: call file.read through an array element
// must: CapabilityError
// expect: denied CapabilityError
import file;
fns = [len, file.read];
print(fns[1]("{SECRET}"));
