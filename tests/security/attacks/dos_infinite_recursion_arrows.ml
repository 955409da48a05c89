// attack: mutual recursion through arrows without a base case
// must: an error (recursion limit), not a crash
// expect: refused
f = fn(n) => g(n + 1);
g = fn(n) => f(n + 1);
print(f(0));
