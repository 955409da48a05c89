// attack: write through a symlink inside a write-granted dir to the secret
// must: CapabilityError
// expect: denied CapabilityError
// grants: write:{DIR}
import file;
file.write("{LINK}", "owned");
