// attack: r = file.read; r("/etc/passwd") without a grant
// must: CapabilityError
// expect: denied CapabilityError
// cli: yes
import file;
r = file.read;
print(r("/etc/passwd"));
print("PWNED");
