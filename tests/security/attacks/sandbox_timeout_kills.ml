// attack: endless loop in the sandbox
// must: TimeoutError; the child is killed
// expect: limit
// limits: timeout=2 max_steps=1000000000000
// sandbox: yes
while (true) { }
