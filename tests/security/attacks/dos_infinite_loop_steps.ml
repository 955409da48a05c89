// attack: while (true) {} under max_steps
// must: LimitError
// expect: limit
// limits: max_steps=100000
// cli: yes
while (true) { }
