// attack: read DIR/data.txt\0../../secret with a NUL byte to truncate the checked path
// must: an error, never the secret
// expect: refused
// grants: read:{DIR}
import file;
print(file.read("{DIR}/data.txt\0/../../outside/secret.txt"));
