"""``mlpy fmt`` as a library: ML source in its one canonical layout.

``format_source(source, filename)`` returns the formatted text; it raises ``MLSyntaxError`` for
input that is not valid ML (nothing is formatted then). The layout rules are in ``printer.py``;
comments are kept (``stream.py`` finds them between the tokens). Formatting is idempotent and never
changes what a program means: the formatted text is parsed again and its AST compared with the
original's (positions aside), and a difference is reported as an internal error instead of
returning changed code.
"""

from __future__ import annotations

from mlpy.tools.fmt.compare import same_program
from mlpy.tools.fmt.printer import layout
from mlpy.tools.fmt.stream import items_of


class FormatterError(RuntimeError):
    """The formatter would have changed what a program means (a bug in mlpy; nothing was written)."""


def format_source(source: str, filename: str = "<ml>") -> str:
    """``source`` in the canonical layout; ``MLSyntaxError`` if it is not ML."""
    from mlpy.language import parse

    original = parse(source, filename)
    formatted = layout(items_of(source, filename))
    if not same_program(original, parse(formatted, filename)):
        raise FormatterError(f"{filename}: formatting would change the program; it was left as it is "
                             "(please report this as an mlpy bug)")
    return formatted


__all__ = ["FormatterError", "format_source"]
