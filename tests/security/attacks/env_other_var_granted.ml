// attack: env.get of the secret when only HOME is granted
// must: CapabilityError
// expect: denied CapabilityError
// grants: env:HOME
import env;
print(env.get("HOME") != null);
print(env.get("MLPY_TEST_SECRET"));
