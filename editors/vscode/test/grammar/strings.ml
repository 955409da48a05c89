// SYNTAX TEST "source.mlpy" "strings: both quotes, processed escapes, unknown escapes kept, spanning lines"
s = "tab\tnewline\n quote\" back\\ nul\0 cr\r apos\' \u00e9";
//  ^ string.quoted.double.mlpy punctuation.definition.string.begin.mlpy
//      ^^ string.quoted.double.mlpy constant.character.escape.mlpy
//               ^^ constant.character.escape.mlpy
//                       ^^ constant.character.escape.mlpy
//                              ^^ constant.character.escape.mlpy
//                                    ^^ constant.character.escape.mlpy
//                                         ^^ constant.character.escape.mlpy
//                                                ^^ constant.character.escape.mlpy
//                                                   ^^^^^^ constant.character.escape.mlpy
//                                                         ^ string.quoted.double.mlpy punctuation.definition.string.end.mlpy
//                                                          ^ punctuation.terminator.statement.mlpy - string.quoted.double.mlpy
r = '\d+ \u12 // not a comment';
//  ^ string.quoted.single.mlpy punctuation.definition.string.begin.mlpy
//   ^^^^^^^^^^^^^^^^^^^^^^^^^ string.quoted.single.mlpy - constant.character.escape.mlpy comment.line.double-slash.mlpy
//                            ^ string.quoted.single.mlpy punctuation.definition.string.end.mlpy
q = 'it\'s "fine"' + "it's";
//     ^^ constant.character.escape.mlpy
//         ^^^^^^ string.quoted.single.mlpy
//                   ^^^^^^ string.quoted.double.mlpy
m = "first line
second line # not an error inside a string
// <------ string.quoted.double.mlpy
//          ^ string.quoted.double.mlpy - invalid.illegal.hash.mlpy
end";
// <-- string.quoted.double.mlpy
// ^ string.quoted.double.mlpy punctuation.definition.string.end.mlpy
