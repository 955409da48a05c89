// attack: disable the limit checks of straight-line code by redefining __ml_check
// must: compile error
// expect: denied SyntaxError
__ml_check = fn() => null;
s = "a" * 31999999;
t = s[1:];
t = s[1:];
