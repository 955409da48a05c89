// attack: reveal the working directory through path.absolute / path.relative of a relative path
// must: making a relative path absolute needs a read grant covering the result
// expect: denied CapabilityError
// grants: read:{DIR}
import path;
print(path.relative("/", "x"));
print(path.absolute("x"));
