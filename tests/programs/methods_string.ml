// The string method allow-list.
s = "  Hello World  ";
print("[" + s.strip() + "]", "[" + s.lstrip() + "]", "[" + s.rstrip() + "]");
t = "hello world";
print(t.upper(), t.lower(), t.capitalize(), t.title());
print(t.replace("o", "0"), t.split(" "), "-".join(["a", "b", "c"]));
print(t.startswith("he"), t.endswith("ld"), t.find("o"), t.rfind("o"), t.find("z"), t.index("w"), t.count("l"));
print("123".isdigit(), "abc".isalpha(), "a1".isalnum(), "  ".isspace(), "ABC".isupper(), "abc".islower(), "12a".isdigit());
print("[" + "ab".center(6) + "]", "[" + "ab".ljust(4, ".") + "]", "[" + "ab".rjust(4) + "]", "7".zfill(3));
print("a\nb\nc".splitlines(), "a,b,,c".split(","), t.length);
print("a b  c".split(), "xxhixx".strip("x"));
