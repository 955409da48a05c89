// attack: read the process's environment file through a read grant of /proc (in process: the host's own environment, MLPY_TEST_SECRET included)
// must: CapabilityError naming the env grant; a read grant is not an env grant
// expect: denied CapabilityError
// grants: read:/proc env:HOME
import file;
print(file.read("/proc/self/environ"));
