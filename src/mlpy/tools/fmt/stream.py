"""The formatter's input: the lexer's tokens with their source text, and the comments between them.

The lexer drops comments; the formatter must keep them. Comments can only lie in the gaps between
tokens (a ``//`` inside a string is part of the string token, and a ``//`` that is floor division
is a token of its own), so each gap is scanned for ``//`` and ``/* */`` comments. Every item records
how many line breaks the source had before it: the formatter keeps a user's line breaks inside an
expression and blank lines between statements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mlpy.language.lexer import tokenize

# The source text of a token whose value differs from its text (escapes, number spellings).
_STRING = re.compile(r""""[^"\\]*(?:\\.[^"\\]*)*"|'[^'\\]*(?:\\.[^'\\]*)*'""", re.DOTALL)
_NUMBER = re.compile(
    r"0[xX][0-9A-Fa-f_]+|0[bB][01_]+|(?:[0-9][0-9_]*\.?[0-9_]*|\.[0-9][0-9_]*)(?:[eE][+-]?[0-9][0-9_]*)?"
)

COMMENT = "comment"


@dataclass(slots=True)
class Item:
    """A token (``kind`` as the lexer names it) or a comment (``kind == "comment"``), with its exact
    source text and the number of line breaks between the previous item and this one."""

    kind: str
    text: str
    breaks_before: int

    @property
    def is_line_comment(self) -> bool:
        """A ``//`` comment: nothing may follow it on its line."""
        return self.kind == COMMENT and self.text.startswith("//")


def items_of(source: str, filename: str = "<ml>") -> list[Item]:
    """Tokens and comments of ``source`` in order (no ``eof``). Raises ``MLSyntaxError`` for text the
    lexer rejects."""
    tokens, _open = tokenize(source, filename)
    line_starts = [0]
    line_starts.extend(i + 1 for i, ch in enumerate(source) if ch == "\n")
    items: list[Item] = []
    position = 0
    for kind, value, line, col in tokens:
        start = line_starts[line - 1] + col - 1 if kind != "eof" else len(source)
        position = _gap(source, position, start, items)
        if kind == "eof":
            break
        if kind == "str":
            text = _match(_STRING, source, start)
        elif kind == "num":
            text = _match(_NUMBER, source, start)
        else:
            text = str(value)
        items.append(Item(kind, text, source.count("\n", position, start)))
        position = start + len(text)
    return items


def _match(pattern: re.Pattern[str], source: str, start: int) -> str:
    found = pattern.match(source, start)
    if found is None:  # the lexer accepted it, so this cannot happen
        raise AssertionError(f"no token text at offset {start}")
    return found.group(0)


def _gap(source: str, start: int, stop: int, items: list[Item]) -> int:
    """Append the comments in ``source[start:stop]`` (text between two tokens) to ``items``; return
    where the last one ends (``start`` when there is none)."""
    i = start
    last = start
    while i < stop:
        if source.startswith("//", i):
            end = source.find("\n", i)
            end = stop if end < 0 or end > stop else end
        elif source.startswith("/*", i):
            end = source.index("*/", i) + 2
        else:
            i += 1
            continue
        breaks = source.count("\n", last, i)
        items.append(Item(COMMENT, source[i:end].rstrip(), breaks))
        last = i = end
    return last


__all__ = ["COMMENT", "Item", "items_of"]
