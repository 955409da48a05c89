// Building strings in loops, joining and repeating.
s = "";
for (c in ["a", "b", "c"]) {
    s += c + "-";
}
print(s);
parts = [];
for (i in range(4)) {
    parts.append(str(i * i));
}
print(", ".join(parts));
word = "level";
print(word == word[::-1], "abc" * 2, "x".join(["a", "b", "c"]));
print("Total: " + 3 + " items", "List: " + [1, 2]);
