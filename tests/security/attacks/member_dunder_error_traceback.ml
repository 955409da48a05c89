// attack: walk frames from a caught error: e.__traceback__.tb_frame.f_globals
// must: compile error
// expect: denied SyntaxError
try {
    x = 1 / 0;
} except (e) {
    print(e.__traceback__.tb_frame.f_globals);
    print("PWNED");
}
