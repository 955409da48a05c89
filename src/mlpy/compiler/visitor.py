"""Dispatch by node class: the one mechanism behind the resolver's and the lowering's visitors.

A visitor names one method per node kind, ``<prefix><NodeClassName>`` (``visit_Name``,
``lower_If``, ...). ``dispatch_table`` collects those methods once per visitor class into a dict
keyed by node class, so dispatching a node is one dict lookup and one call, with no chain of type
tests.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mlpy.language import nodes

Method = Callable[..., Any]

_NODE_CLASSES: dict[str, type[nodes.Node]] = {
    name: value for name, value in vars(nodes).items()
    if isinstance(value, type) and issubclass(value, nodes.Node)
}


def dispatch_table(cls: type, prefix: str) -> dict[type[nodes.Node], Method]:
    """``{node class: cls.<prefix><NodeClassName>}`` for every node class ``cls`` has a method for.

    The methods are plain functions taking ``(self, node)``; a node class without a method is
    absent (the caller decides whether that means "nothing to do" or "cannot happen").
    """
    table: dict[type[nodes.Node], Method] = {}
    for name, node_cls in _NODE_CLASSES.items():
        method = getattr(cls, prefix + name, None)
        if method is not None:
            table[node_cls] = method
    return table
