// SYNTAX TEST "source.mlpy" "members, object keys, slices, reserved names and '#'"
o = {if: 1, "b c": 2, while: o.while, length: s.length,};
//   ^^ meta.object-literal.key.mlpy - keyword.control.conditional.mlpy
//     ^ punctuation.separator.key-value.mlpy
//          ^^^^^ string.quoted.double.mlpy
//                    ^^^^^ meta.object-literal.key.mlpy
//                            ^ punctuation.accessor.mlpy
//                             ^^^^^ variable.other.property.mlpy - keyword.control.loop.mlpy
//                                              ^^^^^^ variable.other.property.mlpy
t = s[1:3] + s[:-1];
//     ^ punctuation.separator.slice.mlpy
//             ^ punctuation.separator.slice.mlpy
[a, b] = pair; {c, d} = obj;
//              ^ variable.other.readwrite.mlpy
__proto = o.__class__;
// <------- invalid.illegal.reserved-name.mlpy
//          ^^^^^^^^^ invalid.illegal.reserved-name.mlpy
x = 1; # Python comment
//     ^ invalid.illegal.hash.mlpy
if (a) { b(); } else if (c) { d(); }
//              ^^^^ keyword.control.conditional.mlpy
//                   ^^ invalid.illegal.else-if.mlpy
if (a) { b(); } elif (c) { d(); } else { e(); }
//              ^^^^ keyword.control.conditional.mlpy - invalid.illegal.else-if.mlpy
