// attack: read the secret file from inside the sandbox
// must: CapabilityError
// expect: denied CapabilityError
// grants: read:{DIR}
// sandbox: yes
import file;
print(file.read("{SECRET}"));
