"""Limit checks in straight-line code: where ``count_steps`` code calls ``__ml_check()``.

A check follows every statement that may do milliseconds of C-level work, and every eighth light
one (arithmetic or a comparison against a number literal); none follows the last statement of a
loop body, function body or program, nor a jump. Checks are not steps: ``max_steps`` still counts
loop iterations plus calls.
"""

from __future__ import annotations

import ast

import pytest

from mlpy.compiler import CompileOptions, compile_source
from mlpy.compiler.lowering.base import COSTLY, FREE, LIGHT, LIGHT_EVERY, expr_cost, statement_cost
from mlpy.language import nodes, parse

LIMITED = CompileOptions(count_steps=True)


def lowered(source: str) -> list[str]:
    """The generated Python of ``source`` under ``count_steps``, one line each, stripped."""
    program = compile_source(source, "p.ml", LIMITED)
    return [line.strip() for line in ast.unparse(program.python_module).splitlines()]


def first_statement(source: str):
    return parse(source, "p.ml").body[0]


def test_a_check_follows_each_costly_statement_but_not_the_programs_last():
    lines = lowered("s = str(1);\nt = s.upper();\nu = s[1:];\nv = s + s;\n")
    assert lines.count("__ml_check()") == 3
    assert lines[-1] != "__ml_check()"
    assert lines[lines.index("__ml_check()") - 1].startswith("s = ")


def test_names_and_literals_get_no_check():
    assert "__ml_check()" not in lowered("a = 1;\nb = a;\nc = [a, b, {k: a}];\nd = !a;\ne = a && b ? 1 : 2;\nf = 0;")


def test_light_statements_get_a_check_every_eighth():
    source = "".join(f"x = x + {i};\n" for i in range(LIGHT_EVERY * 2 + 3))
    lines = lowered("x = 0;\n" + source)
    assert lines.count("__ml_check()") == 2
    assert lines[lines.index("__ml_check()") - 1] == f"x = x + {LIGHT_EVERY - 1}"


def test_no_check_after_the_end_of_a_loop_or_function_body_nor_after_a_jump():
    source = ("function f(s) { t = s.upper(); return s.lower(); }\n"
              "for (i in [1]) { t = f(\"a\"); u = f(\"b\"); }\n"
              "while (false) { t = f(\"a\"); break; }\n"
              "done = 1;\n")
    text = "\n".join(lowered(source))
    assert "t = __ml_callmethod(s, 'upper')\n__ml_check()\nreturn" in text
    assert "u = f('b')\n__ml_check()" not in text  # the next iteration's step comes next
    assert "break\n__ml_check()" not in text
    assert text.count("__ml_check()") == 3  # after each first statement of the three bodies


def test_blocks_of_if_and_try_check_after_their_last_costly_statement():
    source = 's = "a";\nif (s == "a") { t = s.upper(); }\ntry { t = s.lower(); } except { }\nn = 1;'
    text = "\n".join(lowered(source))
    assert "t = __ml_callmethod(s, 'upper')\n__ml_check()" in text  # inside the if body
    assert "t = __ml_callmethod(s, 'lower')\n__ml_check()" in text  # inside the try body


def test_an_if_whose_conditions_work_starts_each_branch_with_a_check():
    source = ('s = "a";\nif (s == "a") { n = 1; } elif (s == "b") { n = 2; }\nif (true) { n = 3; }\n'
              "if (n < 2) { n = 5; }\nn = 4;")
    text = "\n".join(lowered(source))
    assert "if s == 'a':\n__ml_check()\nn = 1\nelif s == 'b':\n__ml_check()\nn = 2\nelse:\n__ml_check()" in text
    assert "if True:\nn = 3\nif n < 2:\nn = 5\nn = 4" in text  # no work, or microseconds at most
    program = compile_source(source, "p.ml", LIMITED)
    checks = [node for node in ast.walk(program.python_module)
              if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "__ml_check"]
    assert [node.lineno for node in checks] == [2, 2, 2]  # no line of their own for a debugger


def test_a_loop_whose_header_works_checks_when_it_ends_without_break():
    text = "\n".join(lowered('s = "ab";\nfor (c in s.split("")) { }\nwhile (s == "x") { }\nfor (i in [1]) { }\nn = 1;'))
    assert text.count("else:\n__ml_check()") == 2  # not after the loop over a literal


def test_without_count_steps_there_is_no_check():
    program = compile_source("s = str(1);\nt = s.upper();\nu = s[1:];\n", "p.ml")
    assert "__ml_check" not in ast.unparse(program.python_module)


@pytest.mark.parametrize(("source", "cost"), [
    ("x = y;", FREE),
    ('x = "text";', FREE),
    ("x = [a, [b, {c: d}]];", FREE),
    ("x = fn(a) => a.upper();", FREE),
    ("x = !a || b ? c : null;", FREE),
    ("x = i + 1;", LIGHT),
    ("x = 10 > i;", LIGHT),
    ("x = -i;", LIGHT),
    ("x = [i + 1, j];", LIGHT),
    ("i += 1;", LIGHT),
    ("if (i < 3) { }", FREE),  # (its branches start with a check)
    ("x = i * 2;", COSTLY),
    ("x = a + b;", COSTLY),
    ("x = s[1:];", COSTLY),
    ("x = a.b;", COSTLY),
    ("f();", COSTLY),
    ("x = [1, f()];", COSTLY),
    ("a[0] = 1;", COSTLY),
    ("a.b = 1;", COSTLY),
    ("s += t;", COSTLY),
    ("[a, b] = c;", COSTLY),
    ("while (f()) { }", FREE),  # (a loop ending without break checks)
    ("for (i in range(3)) { }", FREE),
    ("throw f();", FREE),
    ("try { f(); } except { }", FREE),
])
def test_statement_costs(source, cost):
    assert statement_cost(first_statement(source)) == cost


def test_a_deeply_nested_literal_is_measured_without_recursion():
    expr: nodes.Expr = nodes.Number(1, 1, 1)
    for _ in range(5000):  # deeper than Python's recursion limit
        expr = nodes.Array(1, 1, [expr])
    assert expr_cost(expr) == FREE
    assert expr_cost(nodes.Array(1, 1, [expr, nodes.Call(1, 1, nodes.Name(1, 1, "f"), [])])) == COSTLY


def test_checks_count_no_step(run):
    source = ("function f(s) { a = s.upper(); b = s.lower(); return a + b; }\n"
              's = "x";\nt = s.upper();\nu = f(s);\nv = f(t);\nw = s + t;\n'
              "for (i in [1, 2]) { q = s.upper(); r = s.lower(); }\n")
    outcome = run(source, LIMITED)
    assert outcome.steps == 4  # two calls of f, two loop iterations
    assert outcome.globals["u"] == "Xx" and outcome.globals["w"] == "xX"


def test_an_if_ending_a_loop_body_passes_the_end_on_to_its_branches():
    source = ("out = [];\nfor (x in [1, 2]) {\n    out.append(x);\n"
              "    if (x < 2) { out.append(x); } elif (x > 5) { out.append(1); } else { out.append(0); }\n}\n")
    text = "\n".join(lowered(source))
    assert text.count("__ml_check()") == 1  # only after the first append: the next step follows each branch
    assert "__ml_check()\nif x < 2" in text
