// Helper module for the attack corpus: it imports privileged and pure modules and wraps them,
// so attacks can try to reach those imported modules through it (they must stay hidden).
import file;
import math;

function readit(p) {
    return file.read(p);
}

function double(x) {
    return x * 2;
}

function twice(x) {
    return double(x) + 0;
}
