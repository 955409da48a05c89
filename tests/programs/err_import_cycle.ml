// An import cycle is a compile error naming the cycle.
import mods.cyc_a;
print(mods.cyc_a.A);
