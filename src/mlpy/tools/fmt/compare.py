"""Comparing two ASTs for what they mean, ignoring where things are.

Nodes are dataclasses; two programs are the same when every node has the same class and the same
values in its compared fields, except positions (``line``, ``col``, ``*_line``, ``*_col``) and the
file name. The walk uses an explicit stack: a 3,000-term sum is a 3,000-deep tree.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from mlpy.language import nodes

_IGNORED = frozenset({"line", "col", "filename"})


_FIELDS: dict[type, tuple[str, ...]] = {}


def _meaning_fields(cls: type[nodes.Node]) -> tuple[str, ...]:
    """The fields of a node class that carry meaning (not positions)."""
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(
            f.name for f in dataclasses.fields(cls)
            if f.compare and f.name not in _IGNORED and not f.name.endswith(("_line", "_col")))
    return names


def same_program(first: Any, second: Any) -> bool:
    """Do the two trees (or lists of nodes, or values) mean the same program?"""
    stack: list[tuple[Any, Any]] = [(first, second)]
    while stack:
        a, b = stack.pop()
        if type(a) is not type(b):
            return False
        if isinstance(a, nodes.Node):
            names = _meaning_fields(type(a))
            stack.extend((getattr(a, name), getattr(b, name)) for name in names)
        elif isinstance(a, list):
            if len(a) != len(b):
                return False
            stack.extend(zip(a, b, strict=True))
        elif a != b and not (a != a and b != b):  # NaN literals count as equal
            return False
    return True


__all__ = ["same_program"]
