// attack: return file.read from a closure and call it after the frame is gone
// must: CapabilityError
// expect: denied CapabilityError
import file;
function make() { r = file.read; return fn(p) => r(p); }
reader = make();
print(reader("{SECRET}"));
