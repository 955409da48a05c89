// attack: "%r" % math.sqrt to reveal the bridge object behind a module function (bound method repr)
// must: no "<bound method", no Python class path, no address
// expect: output-no-secret
import math;
print("%r" % math.sqrt);
