// attack: log data sharing its arrays 40 levels deep: json.dumps in one C call would never end
// must: a limit error before the log line is written
// expect: limit
// limits: timeout=2
// isolate: yes
import log;
a = [1];
for (i in range(40)) { a = [a, a]; }
log.warn("x", {"a": a});
print("PWNED");
