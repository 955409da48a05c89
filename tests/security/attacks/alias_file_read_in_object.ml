// attack: store file.read in an object and call o.f(path)
// must: CapabilityError
// expect: denied CapabilityError
import file;
o = {f: file.read};
print(o.f("{SECRET}"));
