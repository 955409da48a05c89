"""REPL completion: dot-commands, module names, members after `.`, session names and keywords."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document

from mlpy.cli.completion import MLCompleter, complete, word_before_cursor
from mlpy.cli.repl import MLREPLSession
from mlpy.stdlib.module_registry import reset_registry


@pytest.fixture(scope="module")
def session() -> Iterator[MLREPLSession]:
    reset_registry()
    repl = MLREPLSession()
    result = repl.execute("import math; conf = {alpha: 1, beta: {gamma: 2}}; counter = 1; word = \"s\";")
    assert result.error is None, result.error
    yield repl
    repl.close()


@pytest.mark.parametrize("text, expected", [
    (".re", [".refresh", ".reload", ".reloadall", ".revoke"]),
    (".ex", [".exit"]),
    (".reload ma", ["math"]),
    ("import ma", ["math"]),
    ("math.sq", ["sqrt"]),
    ("conf.", ["alpha", "beta"]),
    ("conf.beta.g", ["gamma"]),
    ("cou", ["counter"]),
    ("pri", ["print"]),
    ("wh", ["while"]),
    ("x = tr", ["true", "try"]),
    ("word.up", ["upper"]),
    ('s = "co', []),
    ("1.", []),
    ("conf.__cl", []),
    ("nothing.x", []),
])
def test_complete(session: MLREPLSession, text: str, expected: list[str]) -> None:
    assert complete(session, text) == expected


def test_word_before_cursor() -> None:
    assert word_before_cursor(".rel") == ".rel"
    assert word_before_cursor("math.sq") == "sq"
    assert word_before_cursor("import a.b") == "a.b"
    assert word_before_cursor("x + ") == ""


def test_prompt_toolkit_completer_replaces_the_word(session: MLREPLSession) -> None:
    completer = MLCompleter(session)
    found = list(completer.get_completions(Document("y = math.fl"), CompleteEvent()))
    assert [(c.text, c.start_position) for c in found] == [("floor", -2)]
