// attack: read the secret env var inside the sandbox even with an env grant
// must: the child's environment is clean: null or error, never the secret
// expect: output-no-secret
// grants: env:MLPY_TEST_SECRET
// sandbox: yes
import env;
print(env.get("MLPY_TEST_SECRET"));
