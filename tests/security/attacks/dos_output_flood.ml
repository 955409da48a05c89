// attack: print in an endless loop under max_output
// must: LimitError
// expect: limit
// limits: max_output=1000 max_steps=100000000
// cli: yes
while (true) { print("flood flood flood"); }
