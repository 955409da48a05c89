// @ml_class instances: typeof gives the class name; only public methods are reachable.
import regex;
m = regex.search("(\d+)-(\d+)", "call 555-1234 now");
print(typeof(m), m.group(1), m.groups(), m.span(), m.value());
print(hasattr(m, "group"), hasattr(m, "_match"), getattr(m, "_match"));
p = regex.compile("a+");
print(typeof(p), p.findall("caaab aa"), p.test("xyz"));
print(regex.search("z", "abc"));
try {
    m.newattr = 1;
} except (e) {
    print(e.type);
}
try {
    print(m._match);
} except (e) {
    print(e.type);
}
