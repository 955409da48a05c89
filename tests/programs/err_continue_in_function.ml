// continue inside a function nested in a loop is outside any loop of that function.
for (i in [1, 2]) {
    function step() {
        continue;
    }
}
