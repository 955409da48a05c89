// grants: read:., env:HOME
// Several grants on one directive line: read under the program directory, and one variable.
import file;
import env;
print(hasCapability("read"), hasCapability("env"), hasCapability("write"));
print(file.read("data/sample.txt").strip().split("\n").length);
print(typeof(env.get("HOME")));
try {
    env.get("PATH");
    print("not reached");
} finally {
    print("finally must not run");
}
