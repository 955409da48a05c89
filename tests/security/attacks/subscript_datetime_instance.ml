// attack: index a datetime instance with "_dt"
// must: an ML error
// expect: refused
import datetime;
d = datetime.now();
print(d["_dt"]);
print("PWNED");
