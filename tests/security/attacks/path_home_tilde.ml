// attack: read ~/.ssh/id_rsa and ~/.bash_history
// must: CapabilityError (no expansion bypasses the check)
// expect: denied CapabilityError
// grants: read:{DIR}
import file;
print(file.read("~/.ssh/id_rsa"));
