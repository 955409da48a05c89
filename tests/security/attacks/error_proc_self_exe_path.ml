// attack: read /proc/self/exe so the error message reveals the interpreter's real (symlink-resolved) path
// must: CapabilityError naming '/proc/self/exe' as written (tests/security/test_messages.py checks the text)
// expect: denied CapabilityError
// grants: read:{DIR}
import file;
x = file.read("/proc/self/exe");
