// attack: fetch json["loads"] (a Python name behind the module)
// must: an ML error
// expect: refused
import json;
loads = json["loads"];
print(loads("[1]"));
print("PWNED");
