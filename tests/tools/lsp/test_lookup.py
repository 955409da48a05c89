"""Reading the text before the cursor: completion contexts and calls on very long lines, and
agreement with the regular expressions that define what the backwards reader must find."""

from __future__ import annotations

import random
import re

from lsprotocol import types as t

from mlpy.tools.lsp import features
from mlpy.tools.lsp.analysis import analyse
from mlpy.tools.lsp.lookup import CallSite, CompletionContext, _in_string, call_at, completion_context
from mlpy.tools.lsp.module_index import ModuleIndex

LONG = 20_000

# What the completion context and the callee are, written as patterns searched at the end of the
# text (correct, but quadratic in the line length when used that way, which is why lookup does not).
_CHAIN = re.compile(r"([A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*)\s*\.\s*(\w*)$")
_IMPORT = re.compile(r"^\s*import\s+([A-Za-z_][\w.]*\.)?(\w*)$")
_WORD = re.compile(r"(\w*)$")
_CALLEE = re.compile(r"([A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*)\s*$")


def expected_context(line: str, col: int) -> CompletionContext:
    before = line[: col - 1]
    match = _IMPORT.match(before)
    if match is not None:
        return CompletionContext("module", match.group(2), prefix=(match.group(1) or "").rstrip("."))
    match = _CHAIN.search(before)
    if match is not None and not _in_string(before, match.start()):
        return CompletionContext("member", match.group(2),
                                 chain=tuple(part.strip() for part in match.group(1).split(".")))
    word = _WORD.search(before)
    return CompletionContext("name", word.group(1) if word else "")


def expected_callee(text: str) -> tuple[str, ...] | None:
    match = _CALLEE.search(text)
    return tuple(part.strip() for part in match.group(1).split(".")) if match else None


PIECES = ["a", "b", "_", "1", "é", "٣", ".", " ", "\t", "(", ")", ",", '"', "'", "import ", "x", "//", "\\",
          "[", ";", "math."]


def test_completion_context_agrees_with_the_patterns_on_generated_lines() -> None:
    rng = random.Random(7)
    for _ in range(5000):
        line = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 12)))
        col = rng.randint(1, len(line) + 1)
        assert completion_context(line, col) == expected_context(line, col), (line, col)


def test_call_at_finds_the_callee_the_pattern_finds() -> None:
    rng = random.Random(11)
    for _ in range(5000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 10)))
        site = call_at(text + "(", 1, len(text) + 2)
        assert (site.callee if site else None) == expected_callee(text), text


def end_of(line: str) -> int:
    """The 1-based column after the last character of ``line``."""
    return len(line) + 1


def test_long_lines_give_the_same_contexts_as_short_ones() -> None:
    chain = ".".join(["ab"] * (LONG // 3))
    line = f"x = {chain}.c"
    assert completion_context(line, end_of(line)) == CompletionContext("member", "c", chain=("ab",) * (LONG // 3))
    line = f"x = {chain} + va"
    assert completion_context(line, end_of(line)) == CompletionContext("name", "va")
    word = "w" * LONG
    assert completion_context(f"x = {word}", end_of(f"x = {word}")) == CompletionContext("name", word)
    path = ".".join(["a"] * (LONG // 2))
    line = f"import {path}"
    assert completion_context(line, end_of(line)) == CompletionContext("module", "a", prefix=path[:-2])
    line = f"import {path} x"
    assert completion_context(line, end_of(line)) == CompletionContext("name", "x")
    text = "x = max(" + ", ".join(["value"] * (LONG // 7)) + ", "
    assert call_at(text, 1, end_of(text)) == CallSite(("max",), LONG // 7)


def test_completion_hover_and_definition_on_a_20000_character_line() -> None:
    terms = " + ".join(["value"] * (LONG // 8))  # a sum as deep as it is long
    source = f"import math;\nvalue = 1;\nx = {terms} + math.pi;\ny = math.\n"
    analysis = analyse(source, "<long>")
    assert analysis.table is not None and not analysis.syntax_errors[1:]
    index = ModuleIndex()
    members = features.completions(analysis, index, t.Position(3, len("y = math.")))
    assert {"sqrt", "pi"} <= {item.label for item in members.items}
    line_3 = source.split("\n")[2]
    hover = features.hover(analysis, index, t.Position(2, line_3.rindex("pi")))
    assert hover is not None and "math.pi" in hover.contents.value  # type: ignore[union-attr]
    definition = features.definition(analysis, index, "file:///long.ml", t.Position(2, line_3.rindex("value")))
    assert [(d.range.start.line, d.range.start.character) for d in definition] == [(1, 0)]
    names = features.completions(analysis, index, t.Position(2, len(line_3) - len(" + math.pi;")))
    assert "value" in {item.label for item in names.items}
