// attack: getattr on datetime.now() for _dt, tzinfo, __init__
// must: null
// expect: ok
// expect-output: null null null null
import datetime;
d = datetime.now();
print(getattr(d, "_dt"), getattr(d, "tzinfo"), getattr(d, "__init__"), getattr(d, "__class__"));
