"""REPL completion: dot-commands, module names, members after `.`, session names and keywords."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document

from mlpy.cli.repl import MLREPLSession
from mlpy.cli.repl.completion import MLCompleter, complete, word_before_cursor
from mlpy.modules.registry import reset_registry


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


def test_file_names_complete_after_load_and_save(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  session: MLREPLSession) -> None:
    (tmp_path / "script_one.ml").write_text("1;")
    (tmp_path / "script_two.ml").write_text("2;")
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scribble.txt").write_text("")
    (tmp_path / ".scratch.ml").write_text("")
    monkeypatch.chdir(tmp_path)
    assert complete(session, ".load scr") == ["script_one.ml", "script_two.ml", "scripts/"]
    assert complete(session, ".save scr") == ["scribble.txt", "script_one.ml", "script_two.ml", "scripts/"]
    assert complete(session, ".load .scr") == [".scratch.ml"]
    assert complete(session, f".load {tmp_path}/script_t") == [f"{tmp_path}/script_two.ml"]
    assert complete(session, ".load nowhere/x") == []
    assert complete(session, ".addpath scr") == ["scripts/"]
    assert word_before_cursor(".load some/pa") == "some/pa"


BOXES = '''\
from mlpy.stdlib.decorators import ml_class, ml_function, ml_module


@ml_class(attributes=["size", "label"])
class Box:
    def __init__(self):
        self.label = {"inner": 1}

    @property
    def size(self):
        raise RuntimeError("a getter ran while completing")

    def grow(self):
        return 1


@ml_module(name="boxes")
class Boxes:
    @ml_function
    def make(self):
        return Box()


boxes = Boxes()
'''


def test_completion_asks_the_runtime_and_runs_no_getter(tmp_path: Path) -> None:
    (tmp_path / "boxes_bridge.py").write_text(BOXES)
    reset_registry()
    repl = MLREPLSession(extension_paths=[str(tmp_path)])
    assert repl.execute("import boxes; b = boxes.make();").error is None
    assert complete(repl, "b.") == ["grow", "label", "size"]
    assert complete(repl, "b.label.") == ["inner"]
    assert complete(repl, "b.size.") == []
    assert complete(repl, "b.grow.") == []
    error = repl.execute("b.size").error
    assert error is not None and "a getter ran while completing" in error  # ML reading it runs the getter
    repl.close()
