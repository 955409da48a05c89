// An error inside an imported ML module shows the chain across files.
import mods.faulty;
function compute(x) {
    return mods.faulty.ratio(10, x);
}
print(compute(4));
print(compute(0));
