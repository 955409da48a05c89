"""The table of ML builtin functions and the decorator that fills it.

``mlpy.runtime.builtins`` (values, conversions, collections, numbers, members) and
``mlpy.runtime.introspection`` (help, capabilities, modules) register their functions here; the
table is what a run's namespace and the ``builtin`` module are built from.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

BUILTINS: dict[str, Callable[..., Any]] = {}
"""ML name -> builtin function (``builtin`` itself, the module value, is added at the end)."""


def builtin(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a builtin under its ML name and make Python's messages use that name."""

    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        func.__name__ = name
        func.__qualname__ = name
        func.__code__ = func.__code__.replace(co_name=name, co_qualname=name)
        BUILTINS[name] = func
        return func

    return register


__all__ = ["BUILTINS", "builtin"]
