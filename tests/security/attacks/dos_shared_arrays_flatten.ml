// attack: functional.flatten of an array sharing its arrays 40 levels deep (2**40 items)
// must: a limit error (timeout inside the bridge loop, or the array limit), not a hang
// expect: limit
// limits: timeout=2
// isolate: yes
import functional;
a = [1];
for (i in range(40)) { a = [a, a]; }
flat = functional.flatten(a);
print("PWNED", flat.length);
