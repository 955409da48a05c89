// attack: call a helper-module function that reads a file: does the import carry a grant?
// must: CapabilityError: the check runs inside file.read against this run's grants
// expect: denied CapabilityError
import lib.helper;
print(lib.helper.readit("{SECRET}"));
print("PWNED");
