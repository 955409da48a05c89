// attack: recurse through a sort key (a C-level callback) with a huge max_recursion to overflow the native stack
// must: an ML RecursionError, never a crash of the host (tests/security/test_native_recursion.py covers every callback)
// expect: denied RecursionError
// limits: max_recursion=1000000 timeout=10
// isolate: yes
function r(x) { return sorted([1, 2], fn(a) => r(a)); }
r(1);
