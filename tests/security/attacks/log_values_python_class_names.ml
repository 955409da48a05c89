// attack: log runtime values whose text used to be the Python class name (<MLIterator>, <Pattern>)
// must: the run completes; logs go to stderr, printed output has no Python notation
// expect: output-no-secret
import log;
import regex;
log.warn(iter([1]), {"p": regex.compile("a"), "f": print});
print(str(iter([1])), str(regex.compile("a")));
