// attack: square a huge integer repeatedly: each C-level multiplication takes longer
// must: the timeout stops it
// expect: limit
// limits: timeout=2
// isolate: yes
x = 7 ** 100000;
while (true) { x = x * x; }
