// Python keywords are legal ML names.
class = 1; def = 2; lambda = fn(x) => x; pass = [class, def];
print(class, def, lambda(3), pass);
None = 5;
True = 6;
yield = 7;
print(None + True + yield);
function with(is) {
    return is * 2;
}
print(with(21));
global = "g";
function useGlobal() {
    nonlocal global;
    global = global + "!";
}
useGlobal();
print(global);
o = {class: "c", def: "d"};
print(o.class, o.def);
for (del in [1, 2]) {
    print("del", del);
}
