// attack: format(x, "{0.__class__}") str.format-style field access
// must: an ML ValueError: a format spec is not a template
// expect: refused
print(format(1, "{0.__class__}"));
print("PWNED");
