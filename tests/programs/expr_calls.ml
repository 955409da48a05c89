// Calls work on any expression.
function curry(a) {
    return fn(b) => fn(c) => a + b + c;
}
print(curry(1)(2)(3));
handlers = [fn(x) => x * 2, fn(x) => x * 3];
print(handlers[0](5), handlers[1](5));
obj = {handlers: {click: fn(e) => "clicked " + e}};
k = "click";
print(obj.handlers[k]("ok"));
print((fn(x) => x + 1)(41));
