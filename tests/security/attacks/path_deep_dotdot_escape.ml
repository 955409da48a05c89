// attack: read DIR/sub/./../../outside/secret.txt
// must: CapabilityError
// expect: denied CapabilityError
// grants: read:{DIR}
import file;
print(file.read("{DIR}/sub/./../../outside/secret.txt"));
