// attack: print every member of the builtin module with getattr
// must: ML notation only
// expect: output-no-secret
for (k in methods(builtin)) {
    print(k, getattr(builtin, k));
}
