// attack: except (e: CapabilityError) { PWNED }
// must: CapabilityError, not caught
// expect: denied CapabilityError
import env;
try { env.get("MLPY_TEST_SECRET"); } except (e: CapabilityError) { print("PWNED"); } except (e: SecurityError) { print("PWNED"); }
