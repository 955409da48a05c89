// attack: a loop whose target is tested once per iteration for being an object; a nested
// function rebinds the target to a module mid-iteration, hoping the compiled code still treats
// it as a plain object (a raw `.get` on a Python object)
// must: the member read goes through the dispatcher (math.pi), nothing else is reached
// expect: ok
// expect-output: [3.141592653589793, 3.141592653589793]
import math;
function f(items) {
    out = [];
    for (p in items) {
        first = p.pi;
        swap = fn() => { nonlocal p; p = math; };
        swap();
        out.append(p.pi);
    }
    return out;
}
print(f([{pi: 1}, {pi: 2}]));
