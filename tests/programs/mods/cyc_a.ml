// Helper for err_import_cycle.ml: imports cyc_b, which imports this module back.
import mods.cyc_b;
A = 1;
