// attack: path.glob with a pattern outside the grant
// must: CapabilityError
// expect: denied CapabilityError
// grants: read:{DIR}
import path;
print(path.glob("{OUTSIDE}/*"));
