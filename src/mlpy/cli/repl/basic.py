"""The plain line front end of the REPL: for pipes, scripts and ``mlpy repl --basic``.

It reads lines, joins them while the parser says the entry is incomplete, hands each entry to the
``MLREPLSession`` and prints exactly what the session returns: printed output as it is written, then
``=> value``, a command message or the error. When stdin is not a terminal no prompts are printed, so
``printf 'x = 2;\\nx * 3\\n' | mlpy repl`` prints just ``=> 6`` — clean and scriptable. Errors go to
stdout in order with the output (a transcript), and the exit code is 1 if any entry failed.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from typing import Any, TextIO

from mlpy.cli.repl.editor import INLINE_BANNER, edit_in_editor, editor_command
from mlpy.cli.repl.session import MLREPLSession

PROMPT = "ml> "
CONTINUATION = "... "
BANNER = "mlpy REPL — type .help for commands, .exit or Ctrl+D to leave."


def _confirm_from(stdin: TextIO, stdout: TextIO, interactive: bool) -> Callable[[str], bool]:
    """``.grant``'s question on the line: refused without asking when input is not a terminal."""

    def confirm(question: str) -> bool:
        if not interactive:
            stdout.write(f"{question} [y/N] refused (not an interactive terminal)\n")
            return False
        stdout.write(f"{question} [y/N] ")
        stdout.flush()
        answer = stdin.readline()
        return answer.strip().lower() in ("y", "yes")

    return confirm


def _edit_from(stdin: TextIO, stdout: TextIO, interactive: bool) -> Callable[[str], str | None]:
    """``.editor`` on the line: ``$VISUAL``/``$EDITOR`` at a terminal, else every line up to the
    end of input (Ctrl+D at a terminal) is the entry."""

    def edit(initial: str) -> str | None:
        command = editor_command() if interactive else None
        if command is not None:
            return edit_in_editor(initial, command)
        if interactive:
            stdout.write(INLINE_BANNER + "\n")
            stdout.flush()
        lines = [initial] if initial else []
        try:
            for line in iter(stdin.readline, ""):
                lines.append(line.rstrip("\n"))
        except KeyboardInterrupt:
            stdout.write("\n")
            return None
        return "\n".join(lines)

    return edit


def run_basic(*, watch: bool = False, stdin: TextIO | None = None, stdout: TextIO | None = None,
              prompts: bool | None = None, **session_options: Any) -> int:
    """Run the line-mode REPL until end of input or ``.exit``; 0 when every entry succeeded, else 1.

    ``prompts`` defaults to "stdin is a terminal"; ``session_options`` go to ``MLREPLSession``
    (grants, paths, limits).
    """
    in_stream = stdin or sys.stdin
    out = stdout or sys.stdout
    interactive = in_stream.isatty() if prompts is None else prompts

    def notify(line: str) -> None:
        out.write(line + "\n")
        out.flush()

    session = MLREPLSession(confirm=_confirm_from(in_stream, out, interactive), output=out,
                            notify=notify, edit=_edit_from(in_stream, out, interactive),
                            **session_options)
    if watch:
        session.start_auto_watch()
    if interactive:
        session.width = shutil.get_terminal_size().columns
        out.write(BANNER + "\n")
    failures = 0
    buffer: list[str] = []
    try:
        while True:
            if interactive:
                out.write(CONTINUATION if buffer else PROMPT)
                out.flush()
            try:
                line = in_stream.readline()
            except KeyboardInterrupt:
                buffer.clear()
                out.write("\nKeyboardInterrupt (input cancelled)\n")
                continue
            if not line:
                if buffer:
                    failures += _run_entry(session, "\n".join(buffer), out, force=True)
                break
            buffer.append(line.rstrip("\n"))
            text = "\n".join(buffer)
            if not text.strip():
                buffer.clear()
                continue
            if session.is_incomplete(text):
                continue
            buffer.clear()
            status = _run_entry(session, text, out)
            if status < 0:
                break
            failures += status
    finally:
        session.close()
    if interactive:
        out.write("\n")
    return 1 if failures else 0


def _run_entry(session: MLREPLSession, text: str, out: TextIO, force: bool = False) -> int:
    """Execute one entry and print its result; 1 when it failed, -1 on ``.exit``, else 0."""
    try:
        result = session.execute(text)
    except KeyboardInterrupt:
        out.write("KeyboardInterrupt: statement interrupted\n")
        return 1
    if result.incomplete and force:
        result = session.run_source(text)
    shown = result.display()
    if shown:
        out.write(shown + "\n")
    out.flush()
    if result.exit:
        return -1
    return 0 if result.success else 1


__all__ = ["BANNER", "CONTINUATION", "PROMPT", "run_basic"]
