// attack: env.get("MLPY_TEST_SECRET") without a grant
// must: CapabilityError
// expect: denied CapabilityError
// cli: yes
import env;
print(env.get("MLPY_TEST_SECRET"));
