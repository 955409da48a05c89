// attack: flood through console.error / console.warn, the stream --max-output used not to meter
// must: LimitError: stdout and stderr share one output budget
// expect: limit
// limits: max_output=1000 max_steps=100000000
// cli: yes
import console;
while (true) { console.error("flood"); console.warn("flood"); }
