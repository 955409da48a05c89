// attack: print = fn(x) => x; only affects this program
// must: no output, no error
// expect: ok
// expect-globals: {"x": "shadowed"}
print = fn(x) => "shadowed";
x = print("hi");
