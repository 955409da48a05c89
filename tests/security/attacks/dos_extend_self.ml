// attack: a.extend(a) doubling an array
// must: a limit error
// expect: limit
// limits: timeout=3
// isolate: yes
a = [1];
while (true) { a.extend(a); }
