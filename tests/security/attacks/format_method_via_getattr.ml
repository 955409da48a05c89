// attack: fetch str.format with getattr and call it
// must: getattr gives null, calling null fails
// expect: refused
f = getattr("{0.__class__}", "format");
print(f(1));
print("PWNED");
