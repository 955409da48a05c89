// attack: "{0.__class__}".format(1) through the str.format method
// must: an ML AttributeError: format is not on the allow-list
// expect: denied AttributeError
s = "{0.__class__}";
print(s.format(1));
print("PWNED");
