// attack: one statement chaining forty == of two large arrays: each == measures both sides first (a
// attack: Python loop over 400,000 arrays that charges no step), so without a step in between the
// attack: statement would run 40 x 2 such loops (over 20 s) past the deadline
// must: TimeoutError soon after the deadline (measuring a large value charges the run a step)
// expect: limit
// limits: timeout=1
// isolate: yes
a = enumerate(range(400000));
b = enumerate(range(400000));
x = a == b && a == b && a == b && a == b && a == b && a == b && a == b && a == b && a == b && a == b && a == b && a == b && a == b && a == b && a == b && a == b && a == b && a == b && a == b && a == b && a == b && a == b && a == b && a == b && a == b && a == b && a == b && a == b && a == b && a == b && a == b && a == b && a == b && a == b && a == b && a == b && a == b && a == b && a == b && a == b;
print(x);
