"""What ``for (x in v)`` iterates over, and the iterator values made by ``iter()``.

Arrays yield their elements, strings their characters, objects a snapshot of their keys (so the
loop body may change the object). Numbers, null, functions and other values are an ML TypeError.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from mlpy.runtime.errors_runtime import ml_type_error
from mlpy.runtime.formatting import a_typeof
from mlpy.runtime.values import MLValue


class MLIterator(MLValue):
    """An iterator over an array, a string or an object's keys (``iter(v)``; ``next(it)``)."""

    __slots__ = ("_items",)

    def __init__(self, items: Iterable[Any]) -> None:
        self._items: Iterator[Any] = iter(items)

    def __iter__(self) -> MLIterator:
        return self

    def __next__(self) -> Any:
        return next(self._items)

    def rest(self) -> list[Any]:
        """The items not given yet, as a list; the iterator still gives them afterwards (a host
        pickling a result reads them without taking them from the program)."""
        items = list(self._items)
        self._items = iter(items)
        return items

    def _ml_typeof(self) -> str:
        return "iterator"

    def _ml_str(self) -> str:
        return "<iterator>"


def ml_iter(value: Any) -> Iterable[Any]:
    """``__ml_iter``: the Python iterable behind ``for (x in value)``."""
    kind = type(value)
    if kind is list or kind is str or kind is tuple:
        return value
    if kind is dict:
        return list(value)
    if isinstance(value, MLIterator):
        return value
    if isinstance(value, (list, str, tuple)):
        return value
    if isinstance(value, dict):
        return list(value)
    raise ml_type_error(f"cannot iterate over {a_typeof(value)}; use an array, a string or an object")


__all__ = ["MLIterator", "ml_iter"]
