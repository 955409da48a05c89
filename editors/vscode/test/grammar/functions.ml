// SYNTAX TEST "source.mlpy" "function declarations, parameters with annotations, arrow functions, calls"
function area(w: number, h: dict[str, int] | null) {
// <-------- storage.type.function.mlpy
//       ^^^^ entity.name.function.mlpy
//           ^ punctuation.definition.parameters.begin.mlpy
//            ^ variable.parameter.mlpy
//             ^ punctuation.separator.annotation.mlpy
//               ^^^^^^ entity.name.type.mlpy
//                       ^ variable.parameter.mlpy
//                          ^^^^ entity.name.type.mlpy
//                              ^ punctuation.definition.type.arguments.begin.mlpy
//                               ^^^ entity.name.type.mlpy
//                                    ^^^ entity.name.type.mlpy
//                                           ^^^^ entity.name.type.mlpy
//                                               ^ punctuation.definition.parameters.end.mlpy
    return w * h;
}
square = fn(x) => x * x;
//       ^^ storage.type.function.mlpy
//          ^ variable.parameter.mlpy
//             ^^ storage.type.function.arrow.mlpy
block = fn(a, b) => { return a + b; };
//         ^ variable.parameter.mlpy
//            ^ variable.parameter.mlpy
//                    ^^^^^^ keyword.control.flow.mlpy
result = area(2, 3) + square(4)(5) + obj.handlers[k](e);
//       ^^^^ entity.name.function.mlpy
//                    ^^^^^^ entity.name.function.mlpy
//                                       ^^^^^^^^ variable.other.property.mlpy
items.append(fn() => {});
//    ^^^^^^ entity.name.function.member.mlpy
//           ^^ storage.type.function.mlpy
function max(a) { return a; }
//       ^^^ entity.name.function.mlpy - support.function.builtin.mlpy
