// Helper ML module imported by stmt_import_ml.ml.
print("util loaded");
NAME = "util";
function double(x) {
    return x * 2;
}
