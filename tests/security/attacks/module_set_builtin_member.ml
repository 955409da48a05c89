// attack: replace builtin.print for every program
// must: an error
// expect: refused
builtin.print = fn(x) => null;
print("PWNED");
