// attack: `a * len([a * len([...])])` in a function: the product's guard wrote its computed int operand into both branches, so every level doubled the code
// must: an operand too big to copy takes the guard alone; the program compiles at once and runs
// expect: ok
// expect-output: 2
// isolate: yes
function f(a, z) { return a * len([a * len([a * len([a * len([a * len([a * len([a * len([a * len([a * len([a * len([a * len([a * len([a * len([a * len([a * len([a * len([a * len([a * len([a * len([a * len([a * len([a * len([a * len([a * len([a * len([a * len([z])])])])])])])])])])])])])])])])])])])])])])])])])]); }
print(f(2, 3));
