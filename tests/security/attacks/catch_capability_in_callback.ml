// attack: catch a denial raised inside a stdlib callback (functional.map)
// must: CapabilityError, not caught
// expect: denied CapabilityError
import functional;
import file;
try {
    functional.map(fn(p) => file.read(p), ["{SECRET}"]);
} except (e) {
    print("PWNED");
}
