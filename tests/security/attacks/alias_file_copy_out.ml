// attack: file.copy(secret, DIR/copy.txt) with read+write on DIR only
// must: CapabilityError for the source
// expect: denied CapabilityError
// grants: read:{DIR} write:{DIR}
import file;
file.copy("{SECRET}", "{DIR}/copy.txt");
print(file.read("{DIR}/copy.txt"));
