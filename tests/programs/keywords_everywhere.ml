// Python keywords and soft keywords are ordinary ML names in every position.
match = 1; case = 2; type = 3; True = 4; None = 5;
function class(def, lambda, pass) {
    return def + lambda + pass;
}
print(class(match, case, type));
print(True + None);
function def2(None, True) {
    return [None, True];
}
print(def2("n", "t"));
o = {class: 1, def: 2, lambda: 3, pass: 4, True: 5, None: 6, match: 7, case: 8, type: 9};
print(o.class + o.def + o.lambda + o.pass, o.True, o.None, o["match"], o.case, o.type);
{lambda, pass} = o;
print(lambda, pass);
[True, None] = ["T", "N"];
print(True, None);
for (def in ["x", "y"]) {
    print("def", def);
}
for (case in {k: 1}) {
    print("case", case);
}
function outer() {
    match = "outer";
    function inner() {
        nonlocal match;
        match = match + "!";
    }
    inner();
    return match;
}
print(outer(), match);
function bump() {
    function deeper() {
        nonlocal type;
        type = type * 10;
    }
    deeper();
}
bump();
print(type);
square = fn(is) => is * is;
block = fn(with, async) => {
    yield = with + async;
    return yield;
};
print(square(3), block(1, 2));
print(typeof(class), class);
