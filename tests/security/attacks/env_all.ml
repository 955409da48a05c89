// attack: env.all() to dump the environment
// must: without a grant it lists no variable at all (filtered), never the secret
// expect: ok
// expect-output: {}
import env;
print(env.all());
