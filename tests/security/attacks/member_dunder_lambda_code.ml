// attack: read an arrow function's __code__ / __closure__
// must: compile error
// expect: denied SyntaxError
k = 42;
f = fn(x) => x + k;
print(f.__closure__, f.__code__);
print("PWNED");
