"""Lexer: number and string forms, escapes, comments versus floor division, reserved words."""

from __future__ import annotations

import math

import pytest

from mlpy.errors import MLSyntaxError
from mlpy.language.lexer import tokenize


def kinds(source: str) -> list[str]:
    """Token kinds of ``source`` without the final ``eof``."""
    return [t[0] for t in tokenize(source)[0][:-1]]


def value(source: str) -> object:
    """The value of the single literal token in ``source``."""
    toks = tokenize(source)[0]
    assert len(toks) == 2, toks
    return toks[0][1]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("42", 42),
        ("3.14", 3.14),
        (".5", 0.5),
        ("5.", 5.0),
        ("1e3", 1000.0),
        ("1E-2", 0.01),
        ("2e+2", 200.0),
        ("0x1F", 31),
        ("0XfF", 255),
        ("0b101", 5),
        ("1_000", 1000),
        ("1_000.5", 1000.5),
        ("123456789012345678901234567890", 123456789012345678901234567890),
    ],
)
def test_numbers(source: str, expected: object) -> None:
    result = value(source)
    assert result == expected
    assert type(result) is type(expected)


def test_huge_exponent_is_inf() -> None:
    assert value("1e400") == math.inf


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('"hello"', "hello"),
        ("'hello'", "hello"),
        ('"a\\nb"', "a\nb"),
        ('"a\\tb\\rc\\0"', "a\tb\rc\0"),
        ('"back\\\\slash"', "back\\slash"),
        ('"say \\"hi\\""', 'say "hi"'),
        ("'it\\'s'", "it's"),
        ('"it\'s"', "it's"),
        ('"\\u00e9\\u4e2D"', "é中"),
        ('"\\d+"', "\\d+"),
        ('"\\uZZ"', "\\uZZ"),
        ('"line1\nline2"', "line1\nline2"),
        ('""', ""),
    ],
)
def test_strings_and_escapes(source: str, expected: str) -> None:
    assert value(source) == expected


def test_positions_after_multiline_string() -> None:
    toks = tokenize('x = "a\nbc"; y')[0]
    assert toks[-2] == ("name", "y", 2, 6)


def test_tokens_and_positions() -> None:
    toks = tokenize("a += b**2\n  c != d")[0]
    assert [(t[0], t[2], t[3]) for t in toks] == [
        ("name", 1, 1), ("+=", 1, 3), ("name", 1, 6), ("**", 1, 7), ("num", 1, 9),
        ("name", 2, 3), ("!=", 2, 5), ("name", 2, 8), ("eof", 2, 9),
    ]


def test_reserved_words_and_undefined() -> None:
    assert kinds("if elif else fn true null undefined read allow resource") == [
        "if", "elif", "else", "fn", "true", "null", "null", "name", "name", "name",
    ]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("x // 2", ["name", "//", "num"]),
        ("x //= 2", ["name", "//=", "num"]),
        ("f(x) // 2", ["name", "(", "name", ")", "//", "num"]),
        ("a[0] // 2", ["name", "[", "num", "]", "//", "num"]),
        ("{a: 1} // 2", ["{", "name", ":", "num", "}", "//", "num"]),
        ('"s" // 2', ["str", "//", "num"]),
        ("x = 1; // note", ["name", "=", "num", ";"]),
        ("// whole line\nx", ["name"]),
        ("if (x) { } // done", ["if", "(", "name", ")", "{", "}"]),
        ("if (x) // why\n{ }", ["if", "(", "name", ")", "{", "}"]),
        ("function f(a) // doc\n{ }", ["function", "name", "(", "name", ")", "{", "}"]),
        ("while (x) { y; } // c", ["while", "(", "name", ")", "{", "name", ";", "}"]),
        ("g = fn(x) => {a: x} // 2", ["name", "=", "fn", "(", "name", ")", "=>", "{", "name", ":", "name", "}", "//", "num"]),
        ("g = fn(x) => { x; } // c", ["name", "=", "fn", "(", "name", ")", "=>", "{", "name", ";", "}"]),
        ("x = a / b", ["name", "=", "name", "/", "name"]),
        ("x /= 2", ["name", "/=", "num"]),
        ("true // 2", ["true", "//", "num"]),
        ("return // c\n", ["return"]),
        ("for (k in {a: 1}) // c", ["for", "(", "name", "in", "{", "name", ":", "num", "}", ")"]),
        ("} else { } // c", ["}", "else", "{", "}"]),
        ("s = \"a // b\"; // c", ["name", "=", "str", ";"]),
        ("// don't\nx", ["name"]),
        ("/* \" */ x", ["name"]),
    ],
)
def test_comment_versus_floor_division(source: str, expected: list[str]) -> None:
    assert kinds(source) == expected


def test_block_comments() -> None:
    toks = tokenize("a /* one\ntwo */ b /**/ c")[0]
    assert [(t[1], t[2], t[3]) for t in toks[:-1]] == [("a", 1, 1), ("b", 2, 8), ("c", 2, 15)]


def test_text_after_floor_division_spanning_lines() -> None:
    """After a '//' that is floor division, the rest of its line is lexed as code, including a string
    or block comment that runs onto the next lines, and later comments are still comments."""
    toks = tokenize("a // 'x\ny' // 2 /* c\n */ + b // d\nc // e\n;")[0]
    assert [(t[0], t[1], t[2], t[3]) for t in toks] == [
        ("name", "a", 1, 1), ("//", "//", 1, 3), ("str", "x\ny", 1, 6), ("//", "//", 2, 4),
        ("num", 2, 2, 7), ("+", "+", 3, 5), ("name", "b", 3, 7), ("//", "//", 3, 9), ("name", "d", 3, 12),
        ("name", "c", 4, 1), ("//", "//", 4, 3), ("name", "e", 4, 6), (";", ";", 5, 1), ("eof", None, 5, 2),
    ]


def test_open_bracket_count() -> None:
    assert tokenize("f(a, [1, {")[1] == 3
    assert tokenize("f(a)")[1] == 0


@pytest.mark.parametrize(
    ("source", "message", "line", "col"),
    [
        ("x = 1; # note", "'#' does not start a comment in ML: use '//'", 1, 8),
        ("__x = 1;", "identifiers beginning with '__' are reserved", 1, 1),
        ("a = b.__class__;", "identifiers beginning with '__' are reserved", 1, 7),
        ('x = "abc', "unterminated string (started at line 1, column 5)", 1, 5),
        ("y = 1;\n  s = 'ab\ncd", "unterminated string (started at line 2, column 7)", 2, 7),
        ("a /* never", "unterminated comment (started at line 1, column 3)", 1, 3),
        ("x = 1 @ 2;", "unexpected character '@'", 1, 7),
    ],
)
def test_lexical_errors(source: str, message: str, line: int, col: int) -> None:
    with pytest.raises(MLSyntaxError) as info:
        tokenize(source, "t.ml")
    err = info.value
    assert (err.message, err.filename, err.line, err.column) == (message, "t.ml", line, col)
    assert err.source_line == source.split("\n")[line - 1]


def test_positions_after_blanks_of_every_kind() -> None:
    """The master pattern consumes the blanks before a token: columns must still point at the token."""
    toks = tokenize("\tx =  1;\r\n  \f y;\t// c\n  s = 'a'  // 2 ;\n   /* b */ z")[0]
    assert [(t[0], t[2], t[3]) for t in toks] == [
        ("name", 1, 2), ("=", 1, 4), ("num", 1, 7), (";", 1, 8),
        ("name", 2, 5), (";", 2, 6),
        ("name", 3, 3), ("=", 3, 5), ("str", 3, 7), ("//", 3, 12), ("num", 3, 15), (";", 3, 17),
        ("name", 4, 12), ("eof", 4, 13),
    ]


def test_error_column_after_blanks() -> None:
    with pytest.raises(MLSyntaxError) as info:
        tokenize("x = 1;\n    y = @;")
    assert (info.value.line, info.value.column) == (2, 9)
    assert "unexpected character '@'" in info.value.message
