// attack: crypto.hash_file(secret): a hash is still a read
// must: CapabilityError
// expect: denied CapabilityError
// grants: read:{DIR}
import crypto;
print(crypto.hash_file("{SECRET}"));
