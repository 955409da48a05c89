// && and || short-circuit and return an operand; ! gives a boolean.
function loud(v) {
    print("eval", v);
    return v;
}
print(0 || "y");
print(1 || "y");
print(0 && "y");
print(2 && "y");
print(null || false);
print(!1, !0, !"", !"x", ![]);
r = loud(false) && loud("never");
print(r);
r = loud(1) || loud("never");
print(r);
