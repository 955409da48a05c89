// An unclosed block.
function f(x) {
    if (x) {
        return 1;
    }
