// attack: m = math; getattr(m, "__class__") through an alias
// must: null
// expect: ok
// expect-output: null false null
import math;
m = math;
print(getattr(m, "__class__"), hasattr(m, "__class__"), getattr(m, "_instance"));
