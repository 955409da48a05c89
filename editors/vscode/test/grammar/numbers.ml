// SYNTAX TEST "source.mlpy" "numbers: integers, floats, exponents, hex, binary, digit separators"
a = [42, 3.14, .5, 5., 1e3, 1E-2, 2.5e+10, 0x1F, 0XfF, 0b101, 1_000_000];
//   ^^ constant.numeric.integer.decimal.mlpy
//       ^^^^ constant.numeric.float.mlpy
//             ^^ constant.numeric.float.mlpy
//                 ^^ constant.numeric.float.mlpy
//                     ^^^ constant.numeric.float.mlpy
//                          ^^^^ constant.numeric.float.mlpy
//                                ^^^^^^^ constant.numeric.float.mlpy
//                                         ^^^^ constant.numeric.integer.hexadecimal.mlpy
//                                               ^^^^ constant.numeric.integer.hexadecimal.mlpy
//                                                     ^^^^^ constant.numeric.integer.binary.mlpy
//                                                            ^^^^^^^^^ constant.numeric.integer.decimal.mlpy
x1 = a[1] - -2 ** 2;
// <-- variable.other.readwrite.mlpy - constant.numeric.integer.decimal.mlpy
// <~- variable.other.readwrite.mlpy
//     ^ constant.numeric.integer.decimal.mlpy
//        ^ keyword.operator.arithmetic.mlpy
//          ^ keyword.operator.arithmetic.mlpy
//           ^ constant.numeric.integer.decimal.mlpy
//             ^^ keyword.operator.arithmetic.mlpy
