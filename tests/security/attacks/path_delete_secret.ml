// attack: file.delete of the secret with write on DIR
// must: CapabilityError
// expect: denied CapabilityError
// grants: write:{DIR}
import file;
file.delete("{SECRET}");
