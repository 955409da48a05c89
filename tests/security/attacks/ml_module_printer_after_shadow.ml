// attack: shadow print in the main program, then let a module print
// must: the module's print is the real one
// expect: ok
// expect-output: from module
import lib.printer;
print = fn(x) => null;
lib.printer.say("from module");
