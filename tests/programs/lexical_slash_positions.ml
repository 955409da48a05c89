// `//` after a complete operand is floor division; anywhere else it starts a comment.
function f(n) {
    return n * 4; // trailing comment
} // comment after a block
a = 9;
items = [ // comment after an opening bracket
    a // 2,
    f(3) // 5,
    [7, 8][1] // 3,
    (a + 1) // 4
]; // comment after a semicolon
print(items);
if (a > 1) { // comment after a brace that opens a block
    print("big");
} // comment after the closing brace of a block
neg = - // comment between an operator and its operand
    a;
print(neg);
q = 17; q //= 5; print(q);
print(10 /* block comment */ // 3);
print("a//b", 'c // d');
