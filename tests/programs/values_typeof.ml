// typeof of every kind of value.
import math;
function f() {
    return 1;
}
print(typeof(1), typeof(1.5), typeof("s"), typeof(true), typeof(null));
print(typeof([]), typeof({}), typeof(print), typeof(fn(x) => x), typeof(f));
print(typeof(math), typeof(undefined), typeof(math.sqrt));
try {
    x = 1 / 0;
} except (e) {
    print(typeof(e));
}
