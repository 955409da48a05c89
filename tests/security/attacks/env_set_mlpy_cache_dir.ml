// attack: re-point mlpy's compile cache (and extension paths) at a folder the program may write,
// attack: so that a forged cache entry or a planted extension runs as Python in the host
// must: env.set changes only the program's own environment view; mlpy keeps its host settings
// (tests/security/test_environment.py checks the cache folder and os.environ afterwards)
// expect: ok
// grants: env write:{WDIR}
// expect-output: true true
import env;
env.set("MLPY_CACHE_DIR", "{WDIR}");
env.set("MLPY_EXTENSION_PATHS", "{WDIR}");
print(env.get("MLPY_CACHE_DIR") == "{WDIR}", env.has("MLPY_EXTENSION_PATHS"));
