// attack: reach module internals (_registry, _instance, _grants) by getattr
// must: null
// expect: ok
// expect-output: null
// expect-output: null
// expect-output: null
// expect-output: null
// expect-output: null
// expect-output: null
import file;
for (n in ["_instance", "_registry", "_grants", "_module", "_bridge", "_check"]) {
    print(getattr(file, n));
}
