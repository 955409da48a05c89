// attack: functional.map(file.read, [secret]): a stdlib callback route
// must: CapabilityError
// expect: denied CapabilityError
import functional;
import file;
print(functional.map(file.read, ["{SECRET}"]));
