// attack: 40 times a = [a, a]: 80 small arrays whose text is 2**41 pieces; str() would never end
// must: a limit error (the text assembly is capped), not a hang past the timeout
// expect: limit
// limits: timeout=2
// isolate: yes
a = [1];
for (i in range(40)) { a = [a, a]; }
s = str(a);
print("PWNED", s.length);
