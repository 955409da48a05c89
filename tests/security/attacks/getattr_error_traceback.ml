// attack: getattr(e, "__traceback__") and with_traceback on a caught error
// must: null
// expect: ok
// expect-output: null null null null
try {
    x = [1][5];
} except (e) {
    print(getattr(e, "__traceback__"), getattr(e, "with_traceback"), getattr(e, "args"), getattr(e, "_exc"));
}
