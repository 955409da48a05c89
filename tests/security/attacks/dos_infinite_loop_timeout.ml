// attack: while (true) {} under a wall-clock timeout only
// must: TimeoutError
// expect: limit
// limits: timeout=1 max_steps=1000000000000
x = 0;
while (true) { x = x + 1; }
