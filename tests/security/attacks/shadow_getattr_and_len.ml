// attack: redefine getattr and len as user functions
// must: user definitions win, nothing else changes
// expect: ok
// expect-output: mine -1
function getattr(o, n) { return "mine"; }
function len(x) { return -1; }
print(getattr(print, "__globals__"), len([1, 2]));
