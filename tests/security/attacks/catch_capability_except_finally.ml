// attack: try { file.read } except (e) { PWNED } finally { PWNED }
// must: CapabilityError; neither except nor finally runs
// expect: denied CapabilityError
// cli: yes
import file;
try {
    file.read("/etc/passwd");
} except (e) {
    print("PWNED");
} finally {
    print("PWNED");
}
