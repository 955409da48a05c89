// attack: overwrite the runtime helper __ml_str to run attacker code on every concatenation
// must: compile error
// expect: denied SyntaxError
__ml_str = fn(v) => "PWNED";
print("a" + 1);
