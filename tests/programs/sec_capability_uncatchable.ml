// Capability violations are not catchable: no except, no finally runs.
import file;
print("before");
try {
    text = file.read("/no/such/dir/secret.txt");
    print("read it");
} except (e) {
    print("caught", e.type);
} finally {
    print("finally");
}
print("after");
