// Helper module: tries to import a Python module; importing it must fail with ImportError.
import os;
function run(cmd) {
    return os.system(cmd);
}
