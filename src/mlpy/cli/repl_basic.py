"""The plain line front-end of the REPL: for pipes, scripts and ``mlpy repl --basic``.

It reads lines, joins them while the parser says the entry is incomplete, hands each entry to the
``MLREPLSession`` and prints exactly what the session returns: printed output as it is written, then
``=> value``, a command message or the error. When stdin is not a terminal no prompts are printed, so
``printf 'x = 2;\\nx * 3\\n' | mlpy repl`` prints just ``=> 6`` — clean and scriptable. Errors go to
stdout in order with the output (a transcript), and the exit code is 1 if any entry failed.
"""

from __future__ import annotations

import sys
from typing import Any, TextIO

from mlpy.cli.repl import MLREPLSession

PROMPT = "ml> "
CONTINUATION = "... "
BANNER = "mlpy REPL — type .help for commands, .exit or Ctrl+D to leave."


class _FollowStream:
    """Writes to a given stream and flushes, so printed output interleaves correctly with echoes."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        count = self._stream.write(text)
        return count

    def flush(self) -> None:
        self._stream.flush()


def _confirm_from(stdin: TextIO, stdout: TextIO, interactive: bool) -> Any:
    def confirm(question: str) -> bool:
        if not interactive:
            stdout.write(f"{question} [y/N] refused (not an interactive terminal)\n")
            return False
        stdout.write(f"{question} [y/N] ")
        stdout.flush()
        answer = stdin.readline()
        return answer.strip().lower() in ("y", "yes")

    return confirm


def run_basic(*, extension_paths: list[str] | None = None, ml_module_paths: list[str] | None = None,
              grants: Any = None, watch: bool = False, security_enabled: bool = True,
              stdin: TextIO | None = None, stdout: TextIO | None = None,
              prompts: bool | None = None, limits: Any = None) -> int:
    """Run the line-mode REPL until end of input or ``.exit``; 0 when every entry succeeded, else 1.

    ``prompts`` defaults to "stdin is a terminal".
    """
    in_stream = stdin or sys.stdin
    out = stdout or sys.stdout
    interactive = in_stream.isatty() if prompts is None else prompts

    def notify(line: str) -> None:
        out.write(line + "\n")
        out.flush()

    session = MLREPLSession(
        security_enabled=security_enabled, extension_paths=extension_paths,
        ml_module_paths=ml_module_paths, capabilities=grants,
        confirm=_confirm_from(in_stream, out, interactive), output=_FollowStream(out),  # type: ignore[arg-type]
        notify=notify, limits=limits,
    )
    if watch:
        session.start_auto_watch()
    if interactive:
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
