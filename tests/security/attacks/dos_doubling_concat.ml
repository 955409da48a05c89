// attack: double a string with + in a loop (no * involved)
// must: a limit error (steps, memory or timeout) quickly
// expect: limit
// limits: timeout=3 max_steps=1000000
// isolate: yes
x = "ab";
while (true) { x = x + x; }
