// Helper for err_import_cycle.ml: imports cyc_a back, closing the cycle.
import mods.cyc_a;
B = 2;
