// attack: throw an object with "__class__"/"__traceback__" keys and read them back
// must: only the data thrown comes back
// expect: output-no-secret
try {
    throw {message: "m", "__class__": 1};
} except (e) {
    print(getattr(e, "__class__"), e.message);
    print(getattr(e, "__traceback__"));
}
