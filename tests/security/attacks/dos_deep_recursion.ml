// attack: function f(n) { return f(n + 1); } with max_recursion
// must: an error ends the program
// expect: refused
// limits: max_recursion=200
function f(n) { return f(n + 1); }
f(0);
