// attack: json.stringify of an array sharing its arrays 40 levels deep (2**40 leaves to copy)
// must: a limit error (timeout or copy limit) while the bridge copies, not a hang
// expect: limit
// limits: timeout=2
// isolate: yes
import json;
a = [1];
for (i in range(40)) { a = [a, a]; }
s = json.stringify(a);
print("PWNED", s.length);
