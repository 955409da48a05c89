"""How an entry's outcome is shown: the echo of its value and the text of its error.

- a value is echoed as ``=> value`` in ML notation, laid out over several lines when it is wider
  than the terminal (``pretty``); the text ``help(x)`` returns is shown as text, not as a quoted
  string;
- an error shows the entry's line as typed (not with the ``;`` a retry may have added), a hint
  fitted to the REPL (``hints``), and under ``.debug on`` the Python traceback behind it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from mlpy.cli.repl.hints import improve
from mlpy.cli.repl.pretty import pretty
from mlpy.errors import MLError


def echo_text(value: Any, source: str, width: int) -> str:
    """What to show for the value of the entry ``source`` (not null)."""
    if isinstance(value, str) and is_help_call(source):
        return value
    return "=> " + pretty(value, max(width - 3, 20))


def error_text(error: MLError, filename: str, source: str, names: Iterable[str], debug: bool) -> str:
    """What to show for the error of the entry ``source`` run as ``filename``; ``names`` are the
    session's variables (for did-you-mean hints)."""
    if error.filename == filename and error.line is not None:
        lines = source.splitlines()
        if 1 <= error.line <= len(lines):
            error.source_line = lines[error.line - 1]
    improve(error, source, names)
    return error.format() + (python_traceback(error) if debug else "")


def python_traceback(error: MLError) -> str:
    """The Python traceback behind ``error`` (what raised inside mlpy or an extension)."""
    import traceback

    cause = error.__cause__ or error
    lines = traceback.format_exception(type(cause), cause, cause.__traceback__)
    return "\nPython traceback (.debug on):\n" + "".join(lines).rstrip("\n")


def is_help_call(source: str) -> bool:
    """True when the entry is one call of ``help(...)``."""
    from mlpy.language import nodes, parse

    try:
        body = parse(source.rstrip().rstrip(";") + ";", "<help>").body
    except MLError:
        return False
    if len(body) != 1 or not isinstance(body[0], nodes.ExprStmt):
        return False
    call = body[0].expr
    return isinstance(call, nodes.Call) and isinstance(call.func, nodes.Name) and call.func.id == "help"


__all__ = ["echo_text", "error_text", "is_help_call", "python_traceback"]
