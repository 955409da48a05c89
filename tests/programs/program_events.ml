// An event dispatcher built from objects, arrays and closures.
handlers = {};
function on(name, handler) {
    if (!hasattr(handlers, name)) {
        handlers[name] = [];
    }
    handlers[name].append(handler);
}
function emit(name, payload) {
    results = [];
    for (h in handlers[name] || []) {
        results.append(h(payload));
    }
    return results;
}
on("greet", fn(who) => "hello " + who);
on("greet", fn(who) => who.upper());
on("count", fn(n) => n + 1);
print(emit("greet", "ann"));
print(emit("count", 41));
print(keys(handlers), handlers.greet.length);
