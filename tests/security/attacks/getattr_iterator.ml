// attack: getattr on an iterator for __next__, gi_frame
// must: null
// expect: ok
// expect-output: null null null
it = iter([1, 2]);
print(getattr(it, "__next__"), getattr(it, "gi_frame"), getattr(it, "__reduce__"));
