"""ML AST → Python ``ast`` (never text): the lowering, after the resolver has annotated the tree.

``base`` holds the state and builders, ``fastpaths`` the inline code decided at compile time from
what ``kinds`` knows, ``expressions`` and ``statements`` one ``lower_<Node>`` method per node class.
``Lowering`` puts them together; ``lower_program`` is the entry point.
"""

from __future__ import annotations

import ast

from mlpy.compiler.lowering.base import ImportChecker, mangle
from mlpy.compiler.lowering.statements import StatementLowering
from mlpy.compiler.visitor import dispatch_table
from mlpy.language import nodes


class Lowering(StatementLowering):
    """Turns one resolved ML program into an ``ast.Module``."""


Lowering._lower = dispatch_table(Lowering, "lower_")


def lower_program(program: nodes.Program, filename: str, *, count_steps: bool = False,
                  repl: bool = False, import_checker: ImportChecker | None = None,
                  deadline: float | None = None) -> ast.Module:
    """The Python module for a resolved ``program`` (see ``mlpy.compiler.resolver``); past
    ``deadline`` (``mlpy.language.deadline``) it stops with ``MLTimeoutError``."""
    return Lowering(filename, count_steps=count_steps, repl=repl,
                    import_checker=import_checker, deadline=deadline).program(program)


__all__ = ["ImportChecker", "Lowering", "lower_program", "mangle"]
