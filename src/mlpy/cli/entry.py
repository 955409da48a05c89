"""The ``mlpy`` entry point: ``mlpy run FILE [ARGS...]`` without click, everything else through it.

Starting a script is the most common use and should cost little more than starting Python: the
plain form ``mlpy run FILE ARGS...`` (no mlpy option before the file; everything after the file
belongs to the program) is handled here with the same options, the same run pipeline and the same
error output as the click command (``mlpy.cli.app.run``), but without importing click or the
other commands. Any other command line, including every option, goes to ``mlpy.cli.app``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

_NO_FLAGS: dict[str, Any] = {
    "allow_all": False, "allow_read": None, "allow_write": None, "allow_net": None, "allow_env": None,
    "deny_read": None, "deny_write": None, "deny_net": None, "deny_env": None, "timeout": None,
    "max_steps": None, "max_memory": None, "max_output": None, "max_recursion": None,
    "extension_paths": (), "ml_module_paths": (), "sandbox": False, "debug": False,
}
"""What the click ``run`` command receives when no option is given."""


def _plain_run(args: Sequence[str]) -> tuple[str, list[str]] | None:
    """``(file, program arguments)`` when ``args`` is ``run FILE ...`` with no mlpy option."""
    if len(args) >= 2 and args[0] == "run" and not args[1].startswith("-"):
        return args[1], list(args[2:])
    return None


def _fail(text: str, code: int) -> None:
    sys.stdout.flush()
    print(text, file=sys.stderr)
    sys.exit(code)


def run_plain(file: str, argv: list[str]) -> None:
    """``mlpy run FILE ARGS...``: what ``mlpy.cli.app.run`` does for it, without click."""
    from mlpy.engine.options import options_from_cli
    from mlpy.engine.pipeline import run_source
    from mlpy.errors import MLCompileError, MLError

    try:
        options = options_from_cli(_NO_FLAGS, file, argv=argv, stdin=sys.stdin)
        announce_project_file(options)
        run_source(read_program(file), file, options)
    except MLError as error:
        _fail(error.format(), 2 if isinstance(error, MLCompileError) else 1)
    except KeyboardInterrupt:
        _fail("mlpy: interrupted", 130)
    except ValueError as error:  # bad option values (from a project file)
        _fail(f"mlpy: {error}", 2)
    except Exception as error:  # noqa: BLE001 - a bug in mlpy itself
        _fail(f"mlpy: internal error: {error!r}\nmlpy: run with --debug to see the Python traceback", 1)


def read_program(file: str) -> str:
    """The text of the program file, or an ``MLError`` saying why it cannot be read."""
    from mlpy.language.source_file import read_source

    return read_source(file)


def announce_project_file(options: Any) -> None:
    """One line on stderr naming the project file a run uses and what it granted, so a file
    found upward from the program never grants anything silently."""
    if options.project_file is not None:
        print(f"mlpy: using {options.project_file} ({options.project_summary})", file=sys.stderr)


def one_line_warnings() -> None:
    """Warnings (project file, module collisions) as ``mlpy: warning: ...`` lines on stderr, as the
    click commands show them."""
    import warnings

    def show(message: Warning | str, category: type[Warning], filename: str, lineno: int,
             file: Any = None, line: str | None = None) -> None:
        print(f"mlpy: warning: {message}", file=sys.stderr)

    warnings.showwarning = show


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the ``mlpy`` command and of ``python -m mlpy``."""
    args = list(sys.argv[1:] if argv is None else argv)
    plain = _plain_run(args)
    if plain is not None:
        one_line_warnings()
        run_plain(*plain)
        return
    from mlpy.cli.app import main as full_main

    full_main(args)
