"""is_incomplete: does a REPL entry need more lines?"""

from __future__ import annotations

import pytest

from mlpy.language import is_incomplete


@pytest.mark.parametrize(
    "source",
    [
        "if (x) {",
        "function f(a) {\n  return a;",
        "x = [1, 2,",
        "f(1,\n",
        "o = {a: 1,",
        "x = (1 +",
        's = "abc',
        "s = 'line one\nline two",
        "/* a comment that goes on",
        "x = 1; /* open",
        "if (a) { b = [1, {c: 2,",
        "f = fn(x) => {",
        "try { x(); } except (e) {",
    ],
)
def test_incomplete(source: str) -> None:
    assert is_incomplete(source) is True


@pytest.mark.parametrize(
    "source",
    [
        "",
        "x = 1;",
        "if (x) { y = 1; }",
        "print(1); // trailing comment (",
        "s = \"has ( and {\";",
        "x = 1",  # no open bracket: complete, the parser reports the missing ';'
        "f(1, ]",  # mismatched bracket: more input cannot fix it
        "if (x) { y = ; ",  # a real error before the end of the open block
        "x = 1; # not a comment {",
        "}",
        "x = 1 + ;",
    ],
)
def test_complete_or_unfixable(source: str) -> None:
    assert is_incomplete(source) is False
