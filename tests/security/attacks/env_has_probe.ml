// attack: env.has as an oracle for the secret variable
// must: CapabilityError
// expect: denied CapabilityError
import env;
print(env.has("MLPY_TEST_SECRET"));
