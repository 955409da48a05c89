// attack: read a relative path climbing many levels (../../../../etc/passwd)
// must: CapabilityError
// expect: denied CapabilityError
// grants: read:{DIR}
import file;
print(file.read("../../../../../../../../etc/passwd"));
