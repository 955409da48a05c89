"""How much memory a loaded module holds: a deep size that stays fast on large data.

``.memreport`` must answer in well under 200 ms for twenty modules, some holding tables of
hundreds of thousands of rows, and its figure must grow with the data (a 10 MB table reports about
10 MB). Walking every object in Python would take seconds, so a large container is *sampled*: its
own size is exact, and the deep size of its items is estimated from an evenly spaced sample scaled
by the item count. Small containers (the usual case) are walked completely, each object once.
Classes, modules and functions are not followed: they are shared code, not data a module holds.
"""

from __future__ import annotations

import sys
import types
from typing import Any

SAMPLE = 128
"""Items measured in a large container."""
LARGE = 512
"""Containers with more items than this are sampled."""
_CODE = (type, types.ModuleType, types.FunctionType, types.BuiltinFunctionType, types.MethodType)


def _children(obj: Any) -> list[Any]:
    """The objects ``obj`` holds as data: container items, instance attributes and slots."""
    if isinstance(obj, dict):
        return [*obj.keys(), *obj.values()]
    if isinstance(obj, list | tuple | set | frozenset):
        return list(obj)
    found: list[Any] = []
    attributes = getattr(obj, "__dict__", None)
    if isinstance(attributes, dict):
        found.append(attributes)
    for klass in type(obj).__mro__:
        slots = vars(klass).get("__slots__", ())
        for slot in (slots,) if isinstance(slots, str) else slots:
            if isinstance(slot, str) and slot not in ("__weakref__", "__dict__"):
                value = getattr(obj, slot, None)
                if value is not None:
                    found.append(value)
    return found


def deep_size(root: Any, sample: int = SAMPLE, large: int = LARGE) -> int:
    """Approximate bytes held by ``root`` and everything it holds (see the module docstring)."""
    seen: set[int] = set()
    stack: list[tuple[Any, float]] = [(root, 1.0)]
    total = 0.0
    while stack:
        obj, weight = stack.pop()
        if id(obj) in seen or isinstance(obj, _CODE):
            continue
        seen.add(id(obj))
        try:
            total += sys.getsizeof(obj) * weight
        except TypeError:
            continue
        if isinstance(obj, str | bytes | int | float | bool) or obj is None:
            continue
        children = _children(obj)
        if len(children) > large:
            step = len(children) / sample
            picked = [children[int(i * step)] for i in range(sample)]
            stack.extend((child, weight * step) for child in picked)
        else:
            stack.extend((child, weight) for child in children)
    return int(total)


__all__ = ["LARGE", "SAMPLE", "deep_size"]
