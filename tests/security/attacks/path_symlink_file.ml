// attack: read a symlink inside DIR that points at the secret
// must: CapabilityError (symlink resolved)
// expect: denied CapabilityError
// grants: read:{DIR}
// cli: yes
import file;
print(file.read("{LINK}"));
