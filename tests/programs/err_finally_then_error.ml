// finally runs before an uncaught error ends the program.
try {
    print("working");
    x = [][0];
} finally {
    print("cleanup");
}
print("not reached");
