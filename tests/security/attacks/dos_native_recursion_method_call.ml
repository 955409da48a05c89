// attack: recurse through an object's function called as o.f(x) with a huge max_recursion
// must: an ML RecursionError, never a crash of the host
// expect: denied RecursionError
// limits: max_recursion=1000000 timeout=10
// isolate: yes
o = {f: fn(x) => o.f(x)};
o.f(1);
