// The ternary is right associative and binds looser than ||.
function grade(n) {
    return n >= 90 ? "A" : n >= 80 ? "B" : n >= 70 ? "C" : "F";
}
print(grade(95), grade(85), grade(72), grade(10));
x = 0;
print(x || 5 ? "yes" : "no");
print(false ? 1 : true ? 2 : 3);
y = true ? [1, 2] : {};
print(y);
