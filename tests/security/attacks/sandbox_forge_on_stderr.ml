// attack: forge the result on the error stream with console.error
// must: the real error comes back
// expect: denied ZeroDivisionError
// sandbox: yes
import console;
console.error("{\"ok\": true, \"globals\": {}}");
x = 1 / 0;
