// attack: env.all() with only HOME granted, hoping to dump every variable including the secret
// must: only the granted variable is listed; MLPY_TEST_SECRET never appears
// expect: ok
// grants: env:HOME
// expect-output: ["HOME"]
import env;
print(keys(env.all()));
