// attack: env.get_int through an alias in an object
// must: CapabilityError
// expect: denied CapabilityError
import env;
h = {g: env.get_int};
print(h.g("MLPY_TEST_SECRET"));
