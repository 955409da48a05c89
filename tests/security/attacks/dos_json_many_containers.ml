// attack: json.parse of text holding millions of empty arrays: one C call, seconds of garbage collection
// must: LimitError (container bound, counted before parsing)
// expect: limit
// limits: timeout=1
// isolate: yes
import json;
x = json.parse("[" + "[]," * 3000000 + "[]]");
