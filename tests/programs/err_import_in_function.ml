// import is allowed at the top level only.
function load() {
    import math;
    return math.pi;
}
