// attack: csv.read of the secret file (a second module that reads files)
// must: CapabilityError
// expect: denied CapabilityError
// grants: read:{DIR}
import csv;
print(csv.read("{SECRET}"));
