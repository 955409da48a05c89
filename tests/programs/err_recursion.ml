// Unbounded recursion ends in RecursionError.
function down(n) {
    return down(n + 1);
}
print("start");
down(0);
