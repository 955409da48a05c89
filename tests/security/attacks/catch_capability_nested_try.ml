// attack: nested try blocks with an except that rethrows and an outer catch-all
// must: CapabilityError
// expect: denied CapabilityError
import env;
try {
    try { env.get("MLPY_TEST_SECRET"); } except (e) { throw e; }
} except (e) { print("PWNED"); } finally { print("PWNED"); }
