"""Error recovery: ``parse_with_recovery`` reports every syntax error of a file, each once, no cascades."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlpy.errors import MLSyntaxError
from mlpy.language import nodes, parse, parse_with_recovery
from mlpy.language.parser import parse_recovering


def positions(source: str) -> list[tuple[int, int, str]]:
    _program, errors = parse_with_recovery(source, "t.ml")
    return [(e.line, e.column, e.message) for e in errors]  # type: ignore[misc]


def test_three_errors_in_three_statements_are_all_reported() -> None:
    source = (
        "x = 1 +;\n"
        "function f(a) {\n"
        "    y = a * ;\n"
        "    return y;\n"
        "}\n"
        "z = [1, 2;\n"
        "print(x, f(2));\n"
    )
    assert positions(source) == [
        (1, 8, "unexpected ';'"),
        (3, 13, "unexpected ';'"),
        (6, 10, "expected ']' to close '[' opened at line 6"),
    ]


def test_statements_around_errors_are_kept() -> None:
    program, errors = parse_with_recovery("a = 1;\nb = 2 +;\nc = 3;\nprint(a, c);\n", "t.ml")
    assert len(errors) == 1
    kinds = [type(stmt).__name__ for stmt in program.body]
    assert kinds == ["Assign", "Assign", "ExprStmt"]
    assert [stmt.line for stmt in program.body] == [1, 3, 4]


def test_valid_source_gives_the_same_tree_as_parse() -> None:
    source = "function f(x) {\n    if (x > 1) { return x; } elif (x) { return 0; } else { return -1; }\n}\nprint(f(2));\n"
    program, errors = parse_with_recovery(source, "t.ml")
    assert errors == []
    assert program == parse(source, "t.ml")


def test_parse_still_raises_the_first_error_only() -> None:
    with pytest.raises(MLSyntaxError) as info:
        parse("x = 1 +;\ny = ;\n", "t.ml")
    assert (info.value.line, info.value.column, info.value.message) == (1, 8, "unexpected ';'")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # a missing ';' at the end of a line: the next line is still parsed
        ("x = 1\ny = 2 +;\n", [(1, 6, "expected ';' after the statement"), (2, 8, "unexpected ';'")]),
        # an unclosed '(' does not swallow the next statement
        ("print(1, 2\nx = 3;\nw = ;\n",
         [(2, 1, "expected ')' to close '(' opened at line 1"), (3, 5, "unexpected ';'")]),
        # a broken object literal is skipped to its '}' (no "unexpected '}'")
        ("x = {a: 1, b 2};\ny = 3 +;\n", [(1, 14, "expected ':' after the key 'b'"), (2, 8, "unexpected ';'")]),
        # a broken header skips the whole block it guards
        ("if (x { y = 1; }\nz = 2 +;\n",
         [(1, 7, "expected ')' to close '(' opened at line 1"), (2, 8, "unexpected ';'")]),
        # 'else if' is read as 'elif': the following 'else' is no stray
        ("if (a) { b = 1; } else if (c) { d = 2; } else { e = 3; }\n",
         [(1, 19, "'else if' is not ML: write 'elif'")]),
        # stray closers: each reported once, the statement between them kept
        ("}\nx = 1;\n}\n", [(1, 1, "unexpected '}'"), (3, 1, "unexpected '}'")]),
        # errors inside a function body and after it
        ("function f() {\n    y = ;\n    return 1;\n}\nbreak;\n",
         [(2, 9, "unexpected ';'"), (5, 1, "'break' outside a loop")]),
        # an arrow function's block recovers on its own
        ("g = fn(a) => { b = ; return a; };\nc = 1 1;\n",
         [(1, 20, "unexpected ';'"), (2, 7, "expected ';' after the statement")]),
        # an unclosed block is reported once, at the end
        ("function f() {\n  x = 1;\n\nfunction g() {\n}\n",
         [(5, 2, "unexpected end of input: expected '}' to close the block opened at line 1")]),
        ("try { x = 1; }\ny = 2 +;\n",
         [(2, 1, "expected 'except' or 'finally' after the 'try' block"), (2, 8, "unexpected ';'")]),
        ("1 = x;\nreturn 2;\nfunction f(a, a) { }\n",
         [(1, 1, "cannot assign to this expression"), (2, 1, "'return' outside a function"),
          (3, 15, "duplicate parameter 'a'")]),
    ],
)
def test_recovery_reports_each_error_once(source: str, expected: list[tuple[int, int, str]]) -> None:
    assert positions(source) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('x = "abc;\ny = 2;\n', [(1, 5, "unterminated string (started at line 1, column 5)")]),
        ('x = 1 +;\ny = "abc', [(1, 8, "unexpected ';'"), (2, 5, "unterminated string (started at line 2, column 5)")]),
        ("x = 1;\n# note\ny = __secret + 1;\nz = @;\n",
         [(2, 1, "'#' does not start a comment in ML: use '//'"),
          (3, 5, "identifiers beginning with '__' are reserved"),
          (4, 5, "unexpected character '@'")]),
        ("x = /* open\ny = 1;\n", [(1, 5, "unterminated comment (started at line 1, column 5)")]),
    ],
)
def test_lexer_errors_are_reported_without_echoes(source: str, expected: list[tuple[int, int, str]]) -> None:
    assert positions(source) == expected


def test_errors_carry_their_source_line() -> None:
    _program, errors = parse_with_recovery("ok = 1;\nx = @;\ny = 2 +;\n", "t.ml")
    assert [e.source_line for e in errors] == ["x = @;", "y = 2 +;"]
    assert all(e.filename == "t.ml" for e in errors)


def test_names_in_skipped_text_are_reported() -> None:
    recovered = parse_recovering("total = compute(1 +);\nprint(total);\n", "t.ml")
    assert {"total", "compute"} <= recovered.unparsed_names
    assert isinstance(recovered.program.body[0], nodes.ExprStmt)


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    _program, errors = parse_with_recovery("x = " + "(" * 5000 + "1" + ")" * 5000 + ";\n", "t.ml")
    assert [e.message for e in errors] == ["the program is nested too deeply"]


def test_garbage_always_terminates_with_errors() -> None:
    source = "} ) ] else except finally ; { ( [ , . => ? : \n" * 20
    _program, errors = parse_with_recovery(source, "t.ml")
    assert errors
    assert len({(e.line, e.column) for e in errors}) == len(errors)


PROGRAMS = Path(__file__).resolve().parents[1] / "programs"
SAMPLE = "\n".join((PROGRAMS / name).read_text() for name in ("closures.ml", "destructuring.ml"))


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(st.lists(st.tuples(st.integers(0, len(SAMPLE)), st.sampled_from(list(";{}()[]=+,.\"'#@x \n")),
                          st.booleans()), min_size=1, max_size=4))
def test_recovery_agrees_with_parse_on_damaged_programs(edits: list[tuple[int, str, bool]]) -> None:
    """Whatever the damage: no crash, every error once, none exactly when ``parse`` succeeds, and the
    first error ``parse`` raises is among those reported."""
    source = SAMPLE
    for offset, char, insert in sorted(edits, reverse=True):
        source = source[:offset] + char + source[offset:] if insert else source[:offset] + source[offset + 1:]
    _program, errors = parse_with_recovery(source, "t.ml")
    assert len({(e.line, e.column) for e in errors}) == len(errors)
    try:
        parse(source, "t.ml")
    except MLSyntaxError as first:
        assert (first.line, first.column, first.message) in [(e.line, e.column, e.message) for e in errors]
    else:
        assert errors == []
