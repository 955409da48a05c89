"""mlpy.language: ML source text to AST.

``parse(source, filename)`` returns a ``nodes.Program`` or raises ``MLSyntaxError`` with the
position and an ML-worded message; ``parse_with_recovery(source, filename)`` returns the program
and every syntax error instead (for tools); ``is_incomplete(source)`` tells the REPL whether an entry needs
more lines. The lexer and parser are hand-written (one master regex, recursive descent) for speed.

The names load on first use: importing a small module of this package (``mlpy.language.deadline``,
``diagnostics``) must not load the lexer, the parser and the node classes, which a ``mlpy run`` of a
program in the compile cache never needs.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mlpy.language.incomplete import is_incomplete
    from mlpy.language.lexer import RESERVED_WORDS, tokenize
    from mlpy.language.parser import parse, parse_with_recovery

_HOMES = {"is_incomplete": "incomplete", "RESERVED_WORDS": "lexer", "tokenize": "lexer",
          "parse": "parser", "parse_with_recovery": "parser"}


def __getattr__(name: str) -> Any:
    """Load ``parse``, ``tokenize`` ... from their modules on first use."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'mlpy.language' has no attribute {name!r}")
    value = getattr(import_module(f"mlpy.language.{home}"), name)
    globals()[name] = value
    return value


__all__ = ["RESERVED_WORDS", "is_incomplete", "parse", "parse_with_recovery", "tokenize"]
