// attack: an imported module rebinds print; the importer must keep the real print
// must: the program's own print is unaffected
// expect: ok
// expect-output: hello
import lib.shadow;
print("hello");
