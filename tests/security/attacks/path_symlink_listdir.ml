// attack: list a symlinked directory inside DIR
// must: CapabilityError
// expect: denied CapabilityError
// grants: read:{DIR}
import path;
print(path.listDir("{LINKDIR}"));
