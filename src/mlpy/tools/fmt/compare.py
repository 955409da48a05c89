"""Comparing two ASTs for what they mean, ignoring where things are.

Nodes are dataclasses; two programs are the same when every node has the same class and the same
values in its compared fields, except positions (``line``, ``col``, ``*_line``, ``*_col``) and the
file name.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from mlpy.language import nodes

_IGNORED = frozenset({"line", "col", "filename"})


def shape(value: Any) -> Any:
    """A position-free, comparable form of ``value`` (a node, a list of them, or a plain value)."""
    if isinstance(value, nodes.Node):
        fields = tuple(
            (f.name, shape(getattr(value, f.name)))
            for f in dataclasses.fields(value)
            if f.compare and f.name not in _IGNORED and not f.name.endswith(("_line", "_col"))
        )
        return (type(value).__name__, fields)
    if isinstance(value, list):
        return [shape(item) for item in value]
    if isinstance(value, float) and value != value:  # NaN literal: equal to itself here
        return ("nan",)
    return (type(value).__name__, value)


def same_program(first: nodes.Node, second: nodes.Node) -> bool:
    """Do the two trees mean the same program?"""
    return bool(shape(first) == shape(second))


__all__ = ["same_program", "shape"]
