// attack: getattr on modules: math.__dict__, json.__loader__, file.__spec__
// must: null
// expect: ok
// expect-output: null null null
import math;
import json;
import file;
print(getattr(math, "__dict__"), getattr(json, "__loader__"), getattr(file, "__spec__"));
