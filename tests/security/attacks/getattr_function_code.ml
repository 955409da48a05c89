// attack: getattr on an ML function for __code__, __globals__, __closure__
// must: null for each
// expect: ok
// expect-output: null
// expect-output: null
// expect-output: null
// expect-output: null
// expect-output: null
function f(a) { return a; }
for (n in ["__code__", "__globals__", "__closure__", "__dict__", "__module__"]) {
    print(getattr(f, n));
}
