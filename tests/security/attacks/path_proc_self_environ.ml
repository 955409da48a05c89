// attack: read /proc/self/environ to get the environment through the file system
// must: CapabilityError
// expect: denied CapabilityError
// grants: read:{DIR}
import file;
print(file.read("/proc/self/environ"));
