// attack: "%(x)s" % {x: print}: printf mapping keys pull values out of an object and format them with Python's str()
// must: no Python repr of the function
// expect: output-no-secret
print("%(x)s" % {x: print});
