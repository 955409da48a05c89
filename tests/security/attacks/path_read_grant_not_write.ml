// attack: write inside DIR when only read is granted
// must: CapabilityError
// expect: denied CapabilityError
// grants: read:{DIR}
import file;
file.write("{DIR}/new.txt", "x");
