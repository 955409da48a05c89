// attack: getattr(math.sqrt, "__self__") / "__func__" on a module function
// must: null
// expect: ok
// expect-output: null null null
import math;
print(getattr(math.sqrt, "__self__"), getattr(math.sqrt, "__func__"), getattr(math.sqrt, "im_self"));
