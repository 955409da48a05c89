// attack: console.log flood under max_output (a second output route)
// must: LimitError
// expect: limit
// limits: max_output=1000 max_steps=100000000
import console;
while (true) { console.log("flood"); }
