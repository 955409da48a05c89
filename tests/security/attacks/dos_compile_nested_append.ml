// attack: `a.append(a.append(...))` in a function: the fast path wrote the argument into both branches of its type test, so every level doubled the code (a 210-byte program took Python's compile() 10 s, uninterruptible)
// must: an operand too big to copy takes the guard alone; the program compiles at once and runs
// expect: ok
// expect-output: 26
// isolate: yes
function f(a, z) { return a.append(a.append(a.append(a.append(a.append(a.append(a.append(a.append(a.append(a.append(a.append(a.append(a.append(a.append(a.append(a.append(a.append(a.append(a.append(a.append(a.append(a.append(a.append(a.append(a.append(a.append(z)))))))))))))))))))))))))); }
x = [];
f(x, 1);
print(len(x));
