// attack: a value sharing one long string 2**30 times: its text is petabytes
// must: LimitError (text of a value is bounded in pieces and characters)
// expect: limit
// limits: timeout=2
// isolate: yes
a = ["x" * 1000000];
for (i in range(30)) { a = [a, a]; }
s = str(a);
