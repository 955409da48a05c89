"""Syntax errors: exact ML-worded message, line, column, source line and hint."""

from __future__ import annotations

import sys

import pytest

from mlpy.errors import MLSyntaxError
from mlpy.language import parse

CASES = [
    ("x = 1\ny = 2;", "expected ';' after the statement", 1, 6),
    ("x = 1", "unexpected end of input: expected ';' after the statement", 1, 6),
    ("f(1, 2;", "expected ')' to close '(' opened at line 1", 1, 7),
    ("x = (1 +\n 2;", "expected ')' to close '(' opened at line 1", 2, 3),
    ("if (x) {\n  y = 1;\n",
     "unexpected end of input: expected '}' to close the block opened at line 1", 2, 9),
    ("}", "unexpected '}'", 1, 1),
    ("x = 1;\n  )", "unexpected ')'", 2, 3),
    ("if (a) { } else if (b) { }", "'else if' is not ML: write 'elif'", 1, 12),
    ("x = 1 + ;", "unexpected ';'", 1, 9),
    ("x = [1, 2;", "expected ']' to close '[' opened at line 1", 1, 10),
    ("o = {a: 1 b: 2};", "expected '}' to close '{' opened at line 1", 1, 11),
    ("o = {a 1};", "expected ':' after the key 'a'", 1, 8),
    ("o = {1: 2};", "expected a key (a name or a string) in the object, found number 1", 1, 6),
    ("1 = x;", "cannot assign to this expression", 1, 1),
    ("f() = 3;", "cannot assign to this expression", 1, 1),
    ("x + 1 += 2;", "cannot assign to this expression", 1, 1),
    ("[a, 1] = x;", "cannot assign to this expression", 1, 1),
    ("break;", "'break' outside a loop", 1, 1),
    ("while (x) { function f() { continue; } }", "'continue' outside a loop", 1, 28),
    ("return 1;", "'return' outside a function", 1, 1),
    ("if x { }", "expected '(' after 'if'", 1, 4),
    ("while (x) y = 1;", "expected '{' to start the loop body", 1, 11),
    ("for (x of xs) { }", "expected 'in' after the loop variable", 1, 8),
    ("for (if in xs) { }", "'if' is a reserved word and cannot be used as the loop variable", 1, 6),
    ("function (a) { }", "expected a function name, found '('", 1, 10),
    ("function f(a, a) { }", "duplicate parameter 'a'", 1, 15),
    ("function f(a b) { }", "expected ')' to close '(' opened at line 1", 1, 14),
    ("try { }", "unexpected end of input: expected 'except' or 'finally' after the 'try' block", 1, 8),
    ("try { } x = 1;", "expected 'except' or 'finally' after the 'try' block", 1, 9),
    ("else { }", "unexpected 'else'", 1, 1),
    ("except { }", "unexpected 'except'", 1, 1),
    ("x = c ? 1;", "expected ':' in the conditional expression 'c ? a : b'", 1, 10),
    ("g = fn(x) x;", "expected '=>' after the parameters of 'fn'", 1, 11),
    ("x = a.;", "expected a member name after '.', found ';'", 1, 7),
    ("x = a[];", "expected an index inside '[]'", 1, 7),
    ("import a.if;", "'if' is a reserved word and cannot be used as a module name", 1, 10),
    ("function f() { import m; }", "'import' is only allowed at the top level", 1, 16),
    ("capability C { allow read 5; }",
     "expected a quoted string or ';' in the capability entry, found number 5", 1, 27),
    ("throw;", "expected a value after 'throw'", 1, 6),
    ("nonlocal ;", "expected a variable name, found ';'", 1, 10),
    ("x = ();", "expected an expression inside '()'", 1, 6),
    ("x = function f() {};", "a function declaration cannot be used as a value", 1, 5),
    ("f(,);", "unexpected ','", 1, 3),
    ("x = 'ab\ncd", "unterminated string (started at line 1, column 5)", 1, 5),
    ("if (a) { } elif { }", "expected '(' after 'elif'", 1, 17),
    ("x = 1;\ny = z # comment", "'#' does not start a comment in ML: use '//'", 2, 7),
    ("function f(__a) { }", "identifiers beginning with '__' are reserved", 1, 12),
    ("x = (1 + 2", "unexpected end of input: expected ')' to close '(' opened at line 1", 1, 11),
    ("f = fn(x) => {", "unexpected end of input: expected '}' to close the block opened at line 1", 1, 15),
    ("x = ", "unexpected end of input: expected an expression", 1, 4),
]


@pytest.mark.parametrize(("source", "message", "line", "col"), CASES)
def test_syntax_error(source: str, message: str, line: int, col: int) -> None:
    with pytest.raises(MLSyntaxError) as info:
        parse(source, "bad.ml")
    err = info.value
    assert (err.message, err.line, err.column) == (message, line, col)
    assert err.filename == "bad.ml"
    lines = source.split("\n")
    assert err.source_line == (lines[line - 1] if line <= len(lines) else None)


def test_error_format_has_headline_caret_and_hint() -> None:
    with pytest.raises(MLSyntaxError) as info:
        parse("if (a) {\n} else if (b) { }", "p.ml")
    assert info.value.format() == (
        "p.ml:2:3: SyntaxError: 'else if' is not ML: write 'elif'\n"
        "    } else if (b) { }\n"
        "      ^\n"
        "hint: replace 'else if (...)' with 'elif (...)'"
    )


def test_hints() -> None:
    with pytest.raises(MLSyntaxError) as info:
        parse("x = 1; # hi")
    assert info.value.hint == "write // for a comment"
    with pytest.raises(MLSyntaxError) as info:
        parse("while (x) y;")
    assert info.value.hint == "braces are required around every body in ML"


def test_no_internal_token_names_in_messages() -> None:
    for source, *_ in CASES:
        with pytest.raises(MLSyntaxError) as info:
            parse(source)
        for internal in ("eof", "'name'", "'num'", "'str'", "token"):
            assert internal not in info.value.message


def test_import_inside_a_block_is_rejected() -> None:
    with pytest.raises(MLSyntaxError) as info:
        parse("if (x) {\n  import m;\n}")
    assert (info.value.message, info.value.line, info.value.column) == (
        "'import' is only allowed at the top level", 2, 3)


@pytest.mark.parametrize(("source", "col"), [("x = 0x_;", 5), ("x = 0b_;", 5)])
def test_malformed_numbers(source: str, col: int) -> None:
    with pytest.raises(MLSyntaxError) as info:
        parse(source)
    assert (info.value.message, info.value.column) == (f"malformed number '{source[4:7]}'", col)


def test_a_decimal_literal_longer_than_python_converts_is_a_positioned_syntax_error() -> None:
    limit = sys.get_int_max_str_digits()
    with pytest.raises(MLSyntaxError) as info:
        parse("y = 1;\nx = " + "9" * (limit + 1) + ";", "big.ml")
    assert info.value.message == f"number literal too long ({limit + 1} digits; at most {limit})"
    assert (info.value.filename, info.value.line, info.value.column) == ("big.ml", 2, 5)
    assert parse("x = " + "9" * limit + ";") is not None


def test_deep_nesting_is_a_syntax_error_not_a_crash() -> None:
    with pytest.raises(MLSyntaxError) as info:
        parse("x = " + "(" * 5000 + "1" + ")" * 5000 + ";")
    assert info.value.message == "the program is nested too deeply"
    assert info.value.line == 1


def test_crlf_line_endings() -> None:
    program = parse("x = 1;\r\ny = 2;\r\n")
    assert [(s.line, s.col) for s in program.body] == [(1, 1), (2, 1)]
    with pytest.raises(MLSyntaxError) as info:
        parse("x = 1;\r\ny = ;\r\n")
    assert (info.value.line, info.value.column, info.value.source_line) == (2, 5, "y = ;")
