// attack: read math._instance / file._check with member access (single underscore)
// must: an ML error
// expect: refused
import file;
print(file._check);
print("PWNED");
