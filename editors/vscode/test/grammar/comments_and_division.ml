// SYNTAX TEST "source.mlpy" "'//' is floor division after an operand and a comment elsewhere"
// a line comment
// <-- comment.line.double-slash.mlpy punctuation.definition.comment.mlpy
// ^^^^^^^^^^^^^^ comment.line.double-slash.mlpy
x = 7 // 2; // floor division, then a comment
//    ^^ keyword.operator.arithmetic.mlpy - comment.line.double-slash.mlpy
//          ^^ comment.line.double-slash.mlpy punctuation.definition.comment.mlpy
//             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ comment.line.double-slash.mlpy
y = x//2;
//   ^^ keyword.operator.arithmetic.mlpy
z = (x + 1) // 2 + arr[0] // 3 + "s" // 4;
//          ^^ keyword.operator.arithmetic.mlpy
//                        ^^ keyword.operator.arithmetic.mlpy
//                                   ^^ keyword.operator.arithmetic.mlpy
n //= 2;
//^^^ keyword.operator.assignment.compound.mlpy
t = o.while // 2 + o.return // 3;
//          ^^ keyword.operator.arithmetic.mlpy
//                          ^^ keyword.operator.arithmetic.mlpy
u = true // 2 + null // 3;
//       ^^ keyword.operator.arithmetic.mlpy
//                   ^^ keyword.operator.arithmetic.mlpy
if (x > 1) // the ')' of a condition is not an operand
//         ^^^^^^ comment.line.double-slash.mlpy
{
    print(x);
} // a '}' ends a block, so this is a comment
//^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ comment.line.double-slash.mlpy
else // after a reserved word
//   ^^^^^^^^^^^^^^^^^^^^^^^^ comment.line.double-slash.mlpy
function f(a) // after a parameter list
//            ^^^^^^^^^^^^^^^^^^^^^^^^^ comment.line.double-slash.mlpy
{
    return // a reserved word is not an operand
//         ^^^^^^^^^^^^^^^^^^ comment.line.double-slash.mlpy
    a / 2;
//    ^ keyword.operator.arithmetic.mlpy
}
/* a block comment
// <-- comment.block.mlpy punctuation.definition.comment.begin.mlpy
   spanning lines with // inside */ w = 1;
// ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ comment.block.mlpy
//                               ^^ comment.block.mlpy punctuation.definition.comment.end.mlpy
//                                  ^ variable.other.readwrite.mlpy - comment.block.mlpy
