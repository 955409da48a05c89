"""The ML ``collections`` module: array helpers that never modify their input.

Every transforming function returns a new array, so ML code can pass arrays around without worrying
about aliasing. Reads out of range give ``null`` (``get``, ``first``, ``last``, ``find``); ``indexOf``
gives -1. ``removeAt`` out of range raises an IndexError. Callbacks are called with one item
(``filter``, ``map``, ``find``, ``every``, ``some``, ``sortBy``) or with ``(accumulator, item)``
(``reduce``).
"""

from __future__ import annotations

from typing import Any

from mlpy.modules.bridge_support import (
    call,
    expect_callable,
    expect_int,
    expect_list,
    sort_values,
    unique_values,
)
from mlpy.modules.decorators import ml_function, ml_module
from mlpy.runtime.guards import charged, check_search

_READ = ["collections.read"]
_TRANSFORM = ["collections.transform"]


def _index_of(function: str, lst: Any, element: Any) -> int:
    """The position of the first item equal to ``element`` (``true`` is not ``1``), or -1. Each
    ``==`` is one C call: under limits a searched array or object is measured first."""
    items = expect_list(function, "lst", lst)
    check_search(items, element, function)
    for position, item in enumerate(items):
        if item == element and isinstance(item, bool) == isinstance(element, bool):
            return position
    return -1


@ml_module(
    name="collections",
    description="Array utilities returning new arrays",
    capabilities=["collections.read", "collections.transform"],
    version="1.0.0",
)
class Collections:
    """Functional-style operations on ML arrays."""

    @ml_function(description="Number of items in an array", capabilities=_READ)
    def length(self, lst: list) -> int:
        return len(expect_list("collections.length", "lst", lst))

    @ml_function(description="A new array with the element added at the end", capabilities=_TRANSFORM)
    def append(self, lst: list, element: Any) -> list[Any]:
        return [*expect_list("collections.append", "lst", lst), element]

    @ml_function(description="A new array with the element added at the front", capabilities=_TRANSFORM)
    def prepend(self, lst: list, element: Any) -> list[Any]:
        return [element, *expect_list("collections.prepend", "lst", lst)]

    @ml_function(description="A new array holding both arrays' items", capabilities=_TRANSFORM)
    def concat(self, lst1: list, lst2: list) -> list[Any]:
        return [*expect_list("collections.concat", "lst1", lst1),
                *expect_list("collections.concat", "lst2", lst2)]

    @ml_function(description="The item at an index (negative counts from the end), or null",
                 capabilities=_READ)
    def get(self, lst: list, index: int) -> Any | None:
        items = expect_list("collections.get", "lst", lst)
        position = expect_int("collections.get", "index", index)
        if -len(items) <= position < len(items):
            return items[position]
        return None

    @ml_function(description="The first item, or null for an empty array", capabilities=_READ)
    def first(self, lst: list) -> Any | None:
        items = expect_list("collections.first", "lst", lst)
        return items[0] if items else None

    @ml_function(description="The last item, or null for an empty array", capabilities=_READ)
    def last(self, lst: list) -> Any | None:
        items = expect_list("collections.last", "lst", lst)
        return items[-1] if items else None

    @ml_function(description="Items from start up to (not including) end", capabilities=_TRANSFORM)
    def slice(self, lst: list, start: int, end: int | None = None) -> list[Any]:
        items = expect_list("collections.slice", "lst", lst)
        begin = expect_int("collections.slice", "start", start)
        stop = None if end is None else expect_int("collections.slice", "end", end)
        return items[begin:stop]

    @ml_function(description="A reversed copy", capabilities=_TRANSFORM)
    def reverse(self, lst: list) -> list[Any]:
        return expect_list("collections.reverse", "lst", lst)[::-1]

    @ml_function(description="Whether the array holds the element", capabilities=_READ)
    def contains(self, lst: list, element: Any) -> bool:
        return _index_of("collections.contains", lst, element) >= 0

    @ml_function(description="Index of the first equal item, or -1", capabilities=_READ,
                 aliases=["index_of"])
    def indexOf(self, lst: list, element: Any) -> int:  # noqa: N802 - ML name
        return _index_of("collections.indexOf", lst, element)

    @ml_function(description="Items for which the predicate is truthy", capabilities=_TRANSFORM)
    def filter(self, lst: list, predicate: Any) -> list[Any]:
        items = expect_list("collections.filter", "lst", lst)
        test = expect_callable("collections.filter", "predicate", predicate)
        return [item for item in items if call(test, item)]

    @ml_function(description="The transform applied to every item", capabilities=_TRANSFORM)
    def map(self, lst: list, transform: Any) -> list[Any]:
        items = expect_list("collections.map", "lst", lst)
        func = expect_callable("collections.map", "transform", transform)
        return [call(func, item) for item in items]

    @ml_function(description="The first item for which the predicate is truthy, or null",
                 capabilities=_READ)
    def find(self, lst: list, predicate: Any) -> Any | None:
        items = expect_list("collections.find", "lst", lst)
        test = expect_callable("collections.find", "predicate", predicate)
        for item in items:
            if call(test, item):
                return item
        return None

    @ml_function(description="Fold the array with reducer(accumulator, item) from initial",
                 capabilities=_TRANSFORM)
    def reduce(self, lst: list, reducer: Any, initial: Any) -> Any:
        items = expect_list("collections.reduce", "lst", lst)
        func = expect_callable("collections.reduce", "reducer", reducer)
        accumulator = initial
        for item in items:
            accumulator = call(func, accumulator, item)
        return accumulator

    @ml_function(description="A copy without the item at index", capabilities=_TRANSFORM,
                 aliases=["remove_at"])
    def removeAt(self, lst: list, index: int) -> list[Any]:  # noqa: N802 - ML name
        items = expect_list("collections.removeAt", "lst", lst)
        position = expect_int("collections.removeAt", "index", index)
        if not -len(items) <= position < len(items):
            raise IndexError(f"collections.removeAt: index {position} is out of range for an array "
                             f"of length {len(items)}")
        copy = list(items)
        del copy[position]
        return copy

    @ml_function(description="Whether the array has no items", capabilities=_READ, aliases=["is_empty"])
    def isEmpty(self, lst: list) -> bool:  # noqa: N802 - ML name
        return not expect_list("collections.isEmpty", "lst", lst)

    @ml_function(description="The first count items", capabilities=_TRANSFORM)
    def take(self, lst: list, count: int) -> list[Any]:
        items = expect_list("collections.take", "lst", lst)
        return items[:max(0, expect_int("collections.take", "count", count))]

    @ml_function(description="All but the first count items", capabilities=_TRANSFORM)
    def drop(self, lst: list, count: int) -> list[Any]:
        items = expect_list("collections.drop", "lst", lst)
        return items[max(0, expect_int("collections.drop", "count", count)):]

    @ml_function(description="Items without repeats, first occurrence kept, in order",
                 capabilities=_TRANSFORM)
    def unique(self, lst: list) -> list[Any]:
        return unique_values(expect_list("collections.unique", "lst", lst), "collections.unique")

    @ml_function(description="Nested arrays flattened by one level", capabilities=_TRANSFORM)
    def flatten(self, lst: list) -> list[Any]:
        out: list[Any] = []
        for item in charged(expect_list("collections.flatten", "lst", lst)):
            if isinstance(item, list | tuple):
                out.extend(item)
            else:
                out.append(item)
        return out

    @ml_function(description="Pairs [a, b] of items at the same index (shortest length)",
                 capabilities=_TRANSFORM)
    def zip(self, lst1: list, lst2: list) -> list[list[Any]]:
        first = expect_list("collections.zip", "lst1", lst1)
        second = expect_list("collections.zip", "lst2", lst2)
        return [[a, b] for a, b in charged(zip(first, second, strict=False))]

    @ml_function(description="A sorted copy (numbers or strings)", capabilities=_TRANSFORM)
    def sort(self, lst: list, reverse: bool = False) -> list[Any]:
        items = expect_list("collections.sort", "lst", lst)
        return sort_values("collections.sort", items, bool(reverse))

    @ml_function(description="A copy sorted by key_fn(item)", capabilities=_TRANSFORM)
    def sortBy(self, lst: list, key_fn: Any, reverse: bool = False) -> list[Any]:  # noqa: N802
        items = expect_list("collections.sortBy", "lst", lst)
        func = expect_callable("collections.sortBy", "key_fn", key_fn)
        keyed = [(call(func, item), position, item) for position, item in enumerate(items)]
        ordered = sort_values("collections.sortBy", keyed, bool(reverse), key=lambda t: t[0])
        return [entry[2] for entry in ordered]

    @ml_function(description="The array cut into arrays of size items (the last may be shorter)",
                 capabilities=_TRANSFORM)
    def chunk(self, lst: list, size: int) -> list[list[Any]]:
        items = expect_list("collections.chunk", "lst", lst)
        step = expect_int("collections.chunk", "size", size)
        if step <= 0:
            raise ValueError(f"collections.chunk: 'size' must be positive, got {step}")
        return [items[i:i + step] for i in charged(range(0, len(items), step))]

    @ml_function(description="Whether the predicate is truthy for every item", capabilities=_READ)
    def every(self, lst: list, predicate: Any) -> bool:
        items = expect_list("collections.every", "lst", lst)
        test = expect_callable("collections.every", "predicate", predicate)
        return all(call(test, item) for item in items)

    @ml_function(description="Whether the predicate is truthy for some item", capabilities=_READ)
    def some(self, lst: list, predicate: Any) -> bool:
        items = expect_list("collections.some", "lst", lst)
        test = expect_callable("collections.some", "predicate", predicate)
        return any(call(test, item) for item in items)


collections = Collections()
