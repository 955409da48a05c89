// attack: path.listDir of the directory holding the secret
// must: CapabilityError
// expect: denied CapabilityError
// grants: read:{DIR}
import path;
print(path.listDir("{OUTSIDE}"));
