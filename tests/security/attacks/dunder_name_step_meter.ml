// attack: disable the step meter by redefining __ml_step
// must: compile error
// expect: denied SyntaxError
__ml_step = fn() => null;
while (true) { }
