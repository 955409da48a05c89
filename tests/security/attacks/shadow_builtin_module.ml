// attack: builtin = 5; then builtins must still work
// must: calls still work, builtin only rebinds the name
// expect: ok
// expect-output: 1 5
builtin = 5;
print(len([1]), builtin);
