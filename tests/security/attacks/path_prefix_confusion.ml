// attack: read DIR + "_evil/x": a sibling whose name starts with the granted path
// must: CapabilityError, not a file-not-found error (grants match whole path components)
// expect: denied CapabilityError
// grants: read:{DIR}
import file;
print(file.read("{DIR}_evil/secret.txt"));
