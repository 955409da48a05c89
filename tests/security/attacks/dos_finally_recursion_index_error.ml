// attack: recurse inside except/finally after a RecursionError: the step counter's window runs empty
// must: a limit error (fatal), never a catchable "IndexError: pop from an empty array"
// expect: limit
// limits: timeout=1
function f(n) {
    try { f(n + 1); } except (e) { f(n + 1); } finally { f(n + 1); }
}
f(0);
