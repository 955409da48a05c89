// attack: module_info() to learn where mlpy (and its extension files) live on disk
// must: the record has no file-system location
// expect: ok
// expect-output: false false
// expect-output: math
info = module_info("math");
print(hasattr(info, "file"), info.file != null);
print(info.name);
