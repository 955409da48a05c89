// attack: "%s" / "%r" of @ml_class instances (regex Pattern, datetime) to get their Python class paths
// must: ML notation (<Pattern 'a'>) or an ML error; never "mlpy.stdlib... object at 0x"
// expect: output-no-secret
import regex;
import datetime;
print("%s" % regex.compile("a"));
print("%r" % datetime.now());
