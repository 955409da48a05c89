"""Static security checks: true positives with positions, and no false positives."""

from __future__ import annotations

import pytest

from mlpy.compiler import compile_program, compile_source
from mlpy.errors import MLCompileError, MLNameError
from mlpy.language import nodes


@pytest.mark.parametrize("name", ["eval", "exec", "compile", "open", "globals", "locals", "vars",
                                  "type", "object", "setattr", "breakpoint", "os", "sys"])
def test_forbidden_names_are_unknown_with_security_hint(name):
    with pytest.raises(MLNameError) as info:
        compile_source(f'x = 1;\ny = {name}("1");', "p.ml")
    err = info.value
    assert (err.message, err.line, err.column) == (f"Unknown identifier '{name}'", 2, 5)
    assert err.hint == f"'{name}' is not available in ML: it would let a program escape the sandbox"


def test_dunder_import_is_rejected_at_its_position():
    with pytest.raises(MLCompileError) as info:
        compile_source('m = 1;\nm = __import__("os");', "p.ml")
    assert (info.value.line, info.value.column) == (2, 5)


def test_dunder_member_is_a_compile_error():
    with pytest.raises(MLCompileError) as info:
        compile_source("x = [];\ny = x.__class__;", "p.ml")
    assert (info.value.line, info.value.column) == (2, 7)


def test_dunder_member_rejected_by_the_compiler_itself():
    # The parser rejects it too; the compiler must not rely on that (hand-built tree).
    member = nodes.Member(1, 5, nodes.Name(1, 5, "x"), "__class__", 1, 7)
    program = nodes.Program(1, 1, [nodes.Assign(1, 1, nodes.Name(1, 1, "x"), nodes.Array(1, 5, [])),
                                   nodes.ExprStmt(1, 5, member)])
    with pytest.raises(MLCompileError) as info:
        compile_program(program, "x = []; x.__class__;", "p.ml")
    assert info.value.kind == "SecurityError"
    assert (info.value.message, info.value.line, info.value.column) == (
        "access to the internal member '__class__' is not allowed", 1, 7)


def test_dunder_string_subscript_on_unknown_value_is_a_warning_only():
    program = compile_source('x = {};\ny = x["__class__"];', "p.ml")
    [warning] = program.warnings
    assert warning.kind == "SecurityWarning"
    assert (warning.line, warning.column) == (2, 7)
    assert "'__class__'" in warning.message


def test_dunder_key_on_object_literal_is_plain_data():
    assert compile_source('y = {a: 1}["__class__"];', "p.ml").warnings == []


def test_getattr_of_internal_name_warns():
    [warning] = compile_source('v = getattr([], "__class__");', "p.ml").warnings
    assert (warning.line, warning.column) == (1, 17)


def test_dangerous_capability_request_warns_and_is_recorded():
    src = 'capability Net {\n  allow net "example.com";\n  allow read "/data";\n}\nx = 1;'
    program = compile_source(src, "p.ml")
    assert [c.name for c in program.capability_requests] == ["Net"]
    [warning] = program.warnings
    assert warning.line == 2
    assert "'net'" in warning.message


@pytest.mark.parametrize("src", [
    "open_count = 1; open_count += 1;",
    'msg = "eval(1) and exec(2) and __import__";',
    "evaluate = fn(x) => x; evaluate(1);",
    "o = {type: 1, open: 2}; t = o.type + o.open;",
    "function compile_all(items) { return items; } compile_all([]);",
])
def test_no_false_positives(src, run):
    program = compile_source(src, "p.ml")
    assert program.warnings == []
    run(src)  # and it runs


def test_user_defined_forbidden_name_is_an_ordinary_variable_with_a_note(run):
    r = run("eval = 5;\nprint(eval + 1);")
    assert r.out == ["6"]
    [warning] = compile_source("eval = 5;", "p.ml").warnings
    assert warning.kind == "SecurityWarning"
