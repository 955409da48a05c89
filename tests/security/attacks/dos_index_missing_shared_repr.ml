// attack: arr.index(v) of a missing v: Python's message embeds repr(v), exponential for shared values
// must: an ML ValueError at once, with no Python repr
// expect: denied ValueError
// limits: timeout=1
// isolate: yes
w = {a: 1};
for (i in range(40)) { w = {a: w, b: w}; }
x = [1, 2].index(w);
