// attack: read a file explicitly denied inside a granted directory
// must: CapabilityError: deny wins over allow
// expect: denied CapabilityError
// grants: read:{DIR} deny-read:{DIR}/data.txt
import file;
print(file.read("{DIR}/data.txt"));
