// attack: reach the file module that an ML helper module imported: lib.helper.file
// must: not exported: an ML module never exposes its imports
// expect: refused
import lib.helper;
f = lib.helper.file;
print(f.read("{SECRET}"));
print("PWNED");
