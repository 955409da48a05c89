// SYNTAX TEST "source.mlpy" "capability blocks, imports, try/except/finally, throw"
import math;
// <------ keyword.control.import.mlpy
//     ^^^^ entity.name.namespace.mlpy
//         ^ punctuation.terminator.statement.mlpy
import collections.deque as dq;
//     ^^^^^^^^^^^ entity.name.namespace.mlpy
//                ^ punctuation.accessor.mlpy
//                 ^^^^^ entity.name.namespace.mlpy
//                       ^^ keyword.control.import.mlpy
//                          ^^ entity.name.namespace.mlpy
capability FileAccess {
// <---------- storage.type.capability.mlpy
//         ^^^^^^^^^^ entity.name.type.capability.mlpy
    resource "data/*.txt";  // what is requested
//  ^^^^^^^^ keyword.other.capability.mlpy
//           ^^^^^^^^^^^^ string.quoted.double.mlpy
//                          ^^^^^^^^^^^^^^^^^^^^ comment.line.double-slash.mlpy
    allow read "data/*.txt", "logs/*";
//  ^^^^^ keyword.other.capability.mlpy
//        ^^^^ constant.language.capability.mlpy
//                         ^ punctuation.separator.comma.mlpy
//                           ^^^^^^^^ string.quoted.double.mlpy
//                                   ^ punctuation.terminator.statement.mlpy
}
// <- meta.capability.mlpy punctuation.section.block.end.mlpy
resource = 1; allow = read;
// <-------- variable.other.readwrite.mlpy - keyword.other.capability.mlpy
//            ^^^^^ variable.other.readwrite.mlpy - keyword.other.capability.mlpy
try {
// <--- keyword.control.exception.mlpy
    throw {message: "m", code: 42};
//  ^^^^^ keyword.control.exception.mlpy
//         ^^^^^^^ meta.object-literal.key.mlpy
} except (e: ValueError) {
//^^^^^^ keyword.control.exception.mlpy
//        ^ variable.parameter.exception.mlpy
//         ^ punctuation.separator.annotation.mlpy
//           ^^^^^^^^^^ entity.name.type.mlpy
    print(e.message);
} except {
//^^^^^^ keyword.control.exception.mlpy
    throw;
} finally {
//^^^^^^^ keyword.control.exception.mlpy
}
