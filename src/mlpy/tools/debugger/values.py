"""Values of a paused program as ML prints them, with arrays and objects expandable by reference.

A reference is a positive integer valid while the program stays paused (``ValueStore.reset`` at
every resume, as the Debug Adapter Protocol expects). Only plain ML arrays and objects, and the
fields of ML error objects, expand: other values (functions, modules, extension objects) show their
ML text and nothing more, so inspecting never reaches a Python attribute.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

MAX_TEXT = 300
"""Longest value text shown (the rest is cut with an ellipsis)."""
MAX_CHILDREN = 1000
"""Most items of one array or object listed when it is expanded."""


@dataclass(frozen=True)
class Variable:
    """One named value: its ML text, its ML type, and a reference when it can be expanded."""

    name: str
    value: str
    type: str
    reference: int = 0
    indexed: int = 0
    named: int = 0


def value_text(value: Any) -> str:
    """``value`` as ML's ``repr`` shows it (strings quoted), cut to ``MAX_TEXT`` characters."""
    from mlpy.runtime.formatting import ml_repr

    try:
        text = ml_repr(value)
    except Exception as error:  # noqa: BLE001 - a value that cannot be shown must not end the session
        return f"<cannot show this value: {getattr(error, 'message', error)}>"
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT - 1] + "…"


def value_type(value: Any) -> str:
    """The ML ``typeof`` of ``value``."""
    from mlpy.runtime.formatting import typeof

    try:
        return typeof(value)
    except Exception:  # noqa: BLE001 - as in value_text
        return "unknown"


def _children_of(value: Any) -> Any:
    """What expanding ``value`` lists: an array's items, an object's members, an error's fields
    (what ``e.message``, ``e.type``... read); ``None`` for a value that does not expand."""
    from mlpy.runtime.errors_runtime import MLErrorObject

    if isinstance(value, MLErrorObject):
        value = dict(value.fields)
    return value if type(value) in (list, tuple, dict) and len(value) > 0 else None


class ValueStore:
    """The references handed out while the program is paused: scopes and expandable values."""

    def __init__(self) -> None:
        self._items: dict[int, Any] = {}

    def reset(self) -> None:
        """Forget every reference (the program is about to run again)."""
        self._items.clear()

    def scope(self, variables: Mapping[str, Any]) -> int:
        """A reference to a set of named variables (a scope)."""
        return self._add(dict(variables))

    def describe(self, name: str, value: Any) -> Variable:
        """The ``Variable`` for ``value`` under ``name`` (with a reference when it expands)."""
        children = _children_of(value)
        reference = self._add(children) if children is not None else 0
        indexed = len(children) if reference and type(children) is not dict else 0
        named = len(children) if reference and type(children) is dict else 0
        return Variable(name, value_text(value), value_type(value), reference, indexed, named)

    def children(self, reference: int, start: int = 0, count: int | None = None,
                 kind: str | None = None) -> list[Variable]:
        """The items of an array (by index), object (by key) or scope (by name) behind ``reference``;
        ``start`` and ``count`` page through them (at most ``MAX_CHILDREN`` at a time). ``kind``
        ``"indexed"`` lists only an array's items, ``"named"`` only an object's or scope's members.

        Raises ``KeyError`` for a reference that is unknown or no longer valid.
        """
        value = self._items[reference]
        if kind == ("indexed" if isinstance(value, dict) else "named"):
            return []
        start = max(start, 0)
        stop = start + min(count if count else MAX_CHILDREN, MAX_CHILDREN)
        if isinstance(value, dict):
            items = list(value.items())[start:stop]
            return [self.describe(key if isinstance(key, str) else value_text(key), item)
                    for key, item in items]
        return [self.describe(str(index), value[index]) for index in range(start, min(stop, len(value)))]

    def _add(self, value: Any) -> int:
        reference = len(self._items) + 1
        self._items[reference] = value
        return reference


__all__ = ["MAX_CHILDREN", "MAX_TEXT", "ValueStore", "Variable", "value_text", "value_type"]
