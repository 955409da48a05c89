// Typed except clauses are tried in order; finally always runs.
function risky(kind) {
    if (kind == "zero") {
        return 1 / 0;
    } elif (kind == "index") {
        return [1, 2][5];
    } elif (kind == "key") {
        return {a: 1}["b"];
    } elif (kind == "type") {
        return len(5);
    } elif (kind == "value") {
        return int("abc");
    }
    return "ok";
}
for (kind in ["zero", "index", "key", "type", "value", "none"]) {
    try {
        print(risky(kind));
    } except (e: ZeroDivisionError) {
        print("zero:", e.type);
    } except (e: IndexError) {
        print("index:", e.type);
    } except (e: KeyError) {
        print("key:", e.type);
    } except (e) {
        print("other:", e.type);
    } finally {
        print("finally", kind);
    }
}
