// attack: read an ML function's __globals__ to reach the runtime helpers
// must: compile error
// expect: denied SyntaxError
function f() { return 1; }
g = f.__globals__;
print(g["__builtins__"]);
print("PWNED");
