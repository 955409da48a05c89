// attack: `a < (a < (...))` in a function under limits: the comparison guard lowered its right operand once per branch, so every level doubled the code (126 bytes: 7 s in the lowering alone)
// must: an operand too big to copy takes the guard alone; the program compiles at once and runs
// expect: ok
// expect-output: false
// isolate: yes
function f(a, z) { return a < (a < (a < (a < (a < (a < (a < (a < (a < (a < (a < (a < (a < (a < (a < (a < (a < (a < (a < (a < (a < (a < (a < (a < (a < (a < (z)))))))))))))))))))))))))); }
print(f(1, 0));
