// Helper ML module: nonlocal to the module's own top level; imports another module.
import mods.util;
hits = 0;
function hit() {
    nonlocal hits;
    hits += 1;
    return hits;
}
function doubledHits() {
    return mods.util.double(hits);
}
