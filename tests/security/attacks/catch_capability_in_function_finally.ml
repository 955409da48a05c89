// attack: a finally in a caller frame tries to run after the denial
// must: CapabilityError, no finally anywhere up the stack
// expect: denied CapabilityError
import file;
function inner() { return file.read("{SECRET}"); }
function outer() {
    try { return inner(); } finally { print("PWNED"); }
}
try { outer(); } except { print("PWNED"); }
