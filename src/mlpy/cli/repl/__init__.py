"""The ML REPL as a library, and the ``mlpy repl`` entry point.

- ``session``: :class:`MLREPLSession`: state, evaluation, results (no terminal code);
  ``devtools`` adds the module-development operations.
- ``commands``: the one table of dot-commands, shared by both front ends.
- ``basic``: the plain line front end (pipes, scripts, ``--basic``).
- ``terminal``: the prompt_toolkit front end (highlighting, completion, history).
- ``present`` (with ``pretty`` and ``hints``): how a value is echoed and an error is shown.
- ``editor``: ``.editor`` in ``$VISUAL``/``$EDITOR``.
- ``completion`` / ``highlight``: what the terminal front end uses to complete and colour.

Importing this package does not import prompt_toolkit; :func:`run_repl` picks the front end.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, TextIO

from mlpy.cli.repl.commands import COMMAND_NAMES, HELP_TEXT
from mlpy.cli.repl.result import ReplResult
from mlpy.cli.repl.session import MLREPLSession

if TYPE_CHECKING:
    from mlpy.engine.options import RunOptions


def run_repl(options: RunOptions | None = None, *, basic: bool = False, watch: bool = False,
             stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    """The ``mlpy repl`` entry point: pick the front end and run it; returns the exit code.

    ``options`` are the grants, limits and module paths the CLI built from its flags. The
    prompt_toolkit front end is used when stdin and stdout are terminals and ``basic`` is false;
    the plain line front end otherwise. ``watch`` starts watching every module as soon as it is
    loaded.
    """
    in_stream = stdin or sys.stdin
    out_stream = stdout or sys.stdout
    if not basic and in_stream.isatty() and out_stream.isatty():
        from mlpy.cli.repl.terminal import run_terminal

        return run_terminal(watch=watch, options=options)
    from mlpy.cli.repl.basic import run_basic

    return run_basic(watch=watch, stdin=in_stream, stdout=out_stream, options=options)


__all__ = ["COMMAND_NAMES", "HELP_TEXT", "MLREPLSession", "ReplResult", "run_repl"]
