// SYNTAX TEST "source.mlpy" "reserved words, constants, builtins, operators"
if (a && !b || c) { x = 1; } elif (d) { x = 2; } else { x = null; }
// <-- keyword.control.conditional.mlpy
//    ^^ keyword.operator.logical.mlpy
//       ^ keyword.operator.logical.mlpy
//          ^^ keyword.operator.logical.mlpy
//                           ^^^^ keyword.control.conditional.mlpy
//                                               ^^^^ keyword.control.conditional.mlpy
//                                                          ^^^^ constant.language.null.mlpy
while (i <= n) { i += 1; if (i == 3) { continue; } if (i != 4) { break; } }
// <----- keyword.control.loop.mlpy
//       ^^ keyword.operator.comparison.mlpy
//                 ^^ keyword.operator.assignment.compound.mlpy
//                             ^^ keyword.operator.comparison.mlpy
//                                     ^^^^^^^^ keyword.control.flow.mlpy
//                                                       ^^ keyword.operator.comparison.mlpy
//                                                               ^^^^^ keyword.control.flow.mlpy
for (k in keys(o)) { nonlocal total; }
// <--- keyword.control.loop.mlpy
//     ^^ keyword.control.in.mlpy
//        ^^^^ support.function.builtin.mlpy
//                   ^^^^^^^^ storage.modifier.nonlocal.mlpy
flags = [true, false, undefined, null];
//       ^^^^ constant.language.boolean.true.mlpy
//             ^^^^^ constant.language.boolean.false.mlpy
//                    ^^^^^^^^^ constant.language.null.mlpy
//                               ^^^^ constant.language.null.mlpy
print(len(s), typeof(s), hasCapability("read"), builtin.abs(-5), max_count);
// <----- support.function.builtin.mlpy
//    ^^^ support.function.builtin.mlpy
//            ^^^^^^ support.function.builtin.mlpy
//                       ^^^^^^^^^^^^^ support.function.builtin.mlpy
//                                              ^^^^^^^ support.variable.builtin.mlpy
//                                                      ^^^ entity.name.function.member.mlpy
//                                                               ^^^^^^^^^ variable.other.readwrite.mlpy - support.function.builtin.mlpy
r = c ? a : b;
//    ^ keyword.operator.ternary.mlpy
//        ^ keyword.operator.ternary.mlpy
r = c ? (d ? 1 : 2) : {k: 3};
//         ^ keyword.operator.ternary.mlpy
//             ^ keyword.operator.ternary.mlpy
//                  ^ keyword.operator.ternary.mlpy
//                     ^ meta.object-literal.key.mlpy
//                      ^ punctuation.separator.key-value.mlpy
v = a % b * c - d + e / f;
//    ^ keyword.operator.arithmetic.mlpy
//        ^ keyword.operator.arithmetic.mlpy
//            ^ keyword.operator.arithmetic.mlpy
//                ^ keyword.operator.arithmetic.mlpy
//                    ^ keyword.operator.arithmetic.mlpy
