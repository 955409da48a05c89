// attack: enumerate methods() and fields of an error object
// must: only ML fields (type, message, line, ...)
// expect: ok
// expect-output: error KeyError 0 null null
try {
    x = {}["nope"];
} except (e) {
    bad = 0;
    for (n in methods(e)) { if (n.startswith("_")) { bad = bad + 1; } }
    print(typeof(e), e.type, bad, e.args, e.nope);
}
