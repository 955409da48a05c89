// attack: read the process's memory (in process: the host's objects and secrets) with every grant given
// must: CapabilityError: process memory is protected, even under --allow-all
// expect: denied CapabilityError
// grants: all
// cli: yes
import file;
print(file.read("/proc/self/mem"));
