// attack: with read granted on DIR, readLines the secret outside it
// must: CapabilityError
// expect: denied CapabilityError
// grants: read:{DIR}
import file;
print(file.readLines("{SECRET}"));
