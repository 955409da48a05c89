// attack: read through a symlinked directory inside DIR
// must: CapabilityError
// expect: denied CapabilityError
// grants: read:{DIR}
import file;
print(file.read("{LINKDIR}/secret.txt"));
