// attack: getattr(lib.helper, "file") and "math" to reach imported modules
// must: null
// expect: ok
// expect-output: null null null
import lib.helper;
print(getattr(lib.helper, "file"), getattr(lib.helper, "math"), getattr(lib.helper, "__dict__"));
