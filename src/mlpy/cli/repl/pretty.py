"""Echoed values laid out over several lines when they do not fit on one.

``pretty(value, width)`` gives ML notation (the same text as ``repr()``) when it fits in ``width``
columns; otherwise each object entry and each array item goes on its own line, indented by two
spaces (an array of plain values fills its lines instead), and nested values are laid out the same
way with what room is left, as Node's and Python's REPLs do. A container with more than :data:`MAX_ITEMS` items shows the first ones and says how many
were left out, so echoing a huge array does not flood the terminal.
"""

from __future__ import annotations

from typing import Any

from mlpy.errors import MLLimitError
from mlpy.runtime.formatting import ml_repr

MAX_ITEMS = 100
"""Items shown of one array or object before ``... N more``."""

INDENT = "  "


def pretty(value: Any, width: int = 80) -> str:
    """``value`` in ML notation, over several lines when one line would be wider than ``width``."""
    return _layout(value, width, 0, set())


def _layout(value: Any, width: int, depth: int, active: set[int]) -> str:
    kind = type(value)
    if kind not in (list, tuple, dict) or not value:
        return ml_repr(value)
    if id(value) in active:
        return "{...}" if kind is dict else "[...]"
    room = width - len(INDENT) * depth
    if 3 * len(value) <= room:  # a shorter line cannot hold the items: skip building it
        try:
            flat = ml_repr(value)
        except MLLimitError:  # a huge nested value: shown item by item below, each cut short
            flat = None
        if flat is not None and len(flat) <= room:
            return flat
    active.add(id(value))
    try:
        if isinstance(value, dict):
            items = [f"{ml_repr(key)}: {_layout(item, width, depth + 1, active)}"
                     for key, item in _first(value.items())]
        else:
            items = [_layout(item, width, depth + 1, active) for item in _first(value)]
    finally:
        active.discard(id(value))
    if len(value) > MAX_ITEMS:
        items.append(f"... {len(value) - MAX_ITEMS} more")
    inner = INDENT * (depth + 1)
    opening, closing = ("{", "}") if kind is dict else ("[", "]")
    if kind is dict or any(type(item) in (list, tuple, dict) for item in _first(value)):
        body = ",\n".join(inner + item for item in items)
    else:
        body = _packed(items, inner, width)
    return f"{opening}\n{body}\n{INDENT * depth}{closing}"


def _packed(items: list[str], inner: str, width: int) -> str:
    """Scalars filled into lines of at most ``width`` columns (a long array of numbers stays short)."""
    lines: list[str] = []
    line = ""
    for item in items:
        if line and len(inner) + len(line) + len(item) + 2 > width:
            lines.append(inner + line + ",")
            line = ""
        line = f"{line}, {item}" if line else item
    lines.append(inner + line)
    return "\n".join(lines)


def _first(items: Any) -> list[Any]:
    """The first ``MAX_ITEMS`` of ``items``."""
    result: list[Any] = []
    for item in items:
        if len(result) == MAX_ITEMS:
            break
        result.append(item)
    return result


__all__ = ["MAX_ITEMS", "pretty"]
