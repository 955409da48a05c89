// attack: upper() of 8,000,000 characters that each expand to three wide ones (0.2 s a call),
// repeated line after line with no loop or function call to count a step
// must: the run stops at its time limit
// expect: limit
// limits: timeout=1
// isolate: yes
s = "\u0390" * 7999999;
t = s.upper(); t = null;
t = s.upper(); t = null;
t = s.upper(); t = null;
t = s.upper(); t = null;
t = s.upper(); t = null;
t = s.upper(); t = null;
t = s.upper(); t = null;
t = s.upper(); t = null;
t = s.upper(); t = null;
t = s.upper(); t = null;
t = s.upper(); t = null;
t = s.upper(); t = null;
t = s.upper(); t = null;
t = s.upper(); t = null;
t = s.upper(); t = null;
t = s.upper(); t = null;
t = s.upper(); t = null;
t = s.upper(); t = null;
t = s.upper(); t = null;
t = s.upper(); t = null;
