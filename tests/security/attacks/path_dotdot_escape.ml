// attack: read DIR/../outside/secret.txt with read granted on DIR
// must: CapabilityError (path resolved before matching)
// expect: denied CapabilityError
// grants: read:{DIR}
// cli: yes
import file;
print(file.read("{DIR}/../outside/secret.txt"));
