// ML modules: nonlocal to a module's top level, shared module state, top level runs once.
import mods.counter;
import mods.util;
import mods.counter as c;
mods.counter.hit();
c.hit();
print(c.hit(), mods.counter.hits, c.doubledHits());
hits = 100;
print(c.hits, hits);
