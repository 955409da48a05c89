// attack: learn the names of files in the host's working directory from "Did you mean" hints
// must: ImportError without a hint from the working directory (tests/security/test_messages.py)
// expect: denied ImportError
import payroll_secret;
