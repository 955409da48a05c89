// attack: replace file.read on the module so other code gets attacker data
// must: an error
// expect: refused
import file;
file.read = fn(p) => "PWNED";
print(file.read("x"));
