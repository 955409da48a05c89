// Helper ML module for err_module_call_chain.ml: fails when asked to divide by zero.
function ratio(a, b) {
    return a / b;
}
