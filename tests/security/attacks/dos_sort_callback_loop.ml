// attack: an endless loop hidden inside a sort key callback (steps counted in callbacks)
// must: a limit error
// expect: limit
// limits: max_steps=100000
print(sorted([3, 1, 2], fn(x) => { while (true) { } return x; }));
