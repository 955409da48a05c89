// attack: throw a module function and a module, catch it and read e.value
// must: e.value is the ML value thrown, nothing more
// expect: output-no-secret
import math;
try {
    throw math;
} except (e) {
    print(e.value, typeof(e.value), getattr(e.value, "__dict__"));
}
