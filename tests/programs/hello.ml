// Basic printing and string building.
function greet(name) {
    return "Hello, " + name + "!";
}
print(greet("world"));
print("n=" + 1, "x" + true, "v: " + null);
print(1 + 2 + "c", "a" + 1 + 2, "s" + (1 + 2));
