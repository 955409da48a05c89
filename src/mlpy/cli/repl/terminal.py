"""The prompt_toolkit front end of the REPL, used when stdin is a terminal.

It adds what a person at a keyboard needs on top of ``MLREPLSession``: syntax highlighting
(``MLLexer``), completion (``MLCompleter``), a persistent history file, multi-line editing (Enter
inserts a newline while the parser says the entry is incomplete, Alt+Enter always does), Ctrl+C to
cancel the input or interrupt a running statement without leaving, and Ctrl+D to leave.

Notices from other threads (``.watch`` reloads, slow-load warnings) are printed under
``patch_stdout``: prompt_toolkit erases the prompt, prints the notice above it and redraws the line
being typed, so typing is never corrupted.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any

from prompt_toolkit import PromptSession
from prompt_toolkit.application import get_app_or_none
from prompt_toolkit.filters import is_searching
from prompt_toolkit.history import FileHistory, InMemoryHistory
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.lexers import PygmentsLexer
from prompt_toolkit.patch_stdout import patch_stdout

from mlpy.cli.repl.completion import MLCompleter
from mlpy.cli.repl.editor import INLINE_BANNER, edit_in_editor, editor_command
from mlpy.cli.repl.highlight import MLLexer
from mlpy.cli.repl.session import MLREPLSession

PROMPT = "ml> "
CONTINUATION = "... "
BANNER = "mlpy REPL — type .help for commands, .exit or Ctrl+D to leave, Ctrl+C cancels."
HISTORY_ENV = "MLPY_HISTORY_FILE"


def history_path() -> Path | None:
    """Where the history is kept: ``MLPY_HISTORY_FILE`` or ``<user data dir>/mlpy/repl_history``."""
    override = os.environ.get(HISTORY_ENV)
    if override:
        return Path(override)
    try:
        import platformdirs
    except ImportError:
        return None
    return Path(platformdirs.user_data_dir("mlpy")) / "repl_history"


def _history() -> Any:
    path = history_path()
    if path is None:
        return InMemoryHistory()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(exist_ok=True)
    except OSError:
        return InMemoryHistory()
    return FileHistory(str(path))


def key_bindings(session: MLREPLSession) -> KeyBindings:
    """Enter submits a complete entry and continues an incomplete one; Alt+Enter adds a newline.
    While searching the history (Ctrl+R), Enter keeps its meaning there: take the match."""
    bindings = KeyBindings()

    @bindings.add("enter", filter=~is_searching)
    def _enter(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        if buffer.complete_state is not None and buffer.complete_state.current_completion is not None:
            buffer.apply_completion(buffer.complete_state.current_completion)
            return
        text = buffer.text
        if text.strip() and session.is_incomplete(text):
            buffer.insert_text("\n")
            return
        buffer.validate_and_handle()

    @bindings.add("escape", "enter", filter=~is_searching)
    def _newline(event: KeyPressEvent) -> None:
        event.current_buffer.insert_text("\n")

    return bindings


class _PrintNotices:
    """Notice callback: print above the prompt (``patch_stdout`` redraws the line being typed)."""

    def __call__(self, line: str) -> None:
        app = get_app_or_none()
        print(line, flush=True)
        if app is not None and app.is_running:
            app.invalidate()


def _confirm(question: str) -> bool:
    """Ask a yes/no question on the terminal (used by ``.grant``)."""
    from prompt_toolkit.shortcuts import confirm

    try:
        return bool(confirm(question + " "))
    except (KeyboardInterrupt, EOFError):
        return False


def _inline_bindings() -> KeyBindings:
    """Inline editor mode: Enter is a new line (the prompt is multi-line), Ctrl+D runs the text."""
    bindings = KeyBindings()

    @bindings.add("c-d")
    def _run(event: KeyPressEvent) -> None:
        event.current_buffer.validate_and_handle()

    return bindings


def _edit(initial: str) -> str | None:
    """``.editor``: the entry from ``$VISUAL``/``$EDITOR``, or typed inline; None when cancelled."""
    command = editor_command()
    if command is not None:
        return edit_in_editor(initial, command)
    print(INLINE_BANNER, flush=True)
    inline: PromptSession[str] = PromptSession(
        multiline=True, lexer=PygmentsLexer(MLLexer), key_bindings=_inline_bindings())
    try:
        return inline.prompt("", default=initial)
    except (KeyboardInterrupt, EOFError):
        return None


class _StdoutFollower:
    """ML output goes to whatever ``sys.stdout`` is now (patched by prompt_toolkit or not)."""

    def write(self, text: str) -> int:
        return sys.stdout.write(text)

    def flush(self) -> None:
        sys.stdout.flush()


def run_terminal(*, watch: bool = False, **session_options: Any) -> int:
    """Run the interactive REPL until ``.exit`` or Ctrl+D; returns the exit code (0).

    ``session_options`` go to ``MLREPLSession`` (grants, paths, limits).
    """
    session = MLREPLSession(confirm=_confirm, output=_StdoutFollower(), notify=_PrintNotices(),  # type: ignore[arg-type]
                            edit=_edit, **session_options)
    prompt: PromptSession[str] = PromptSession(
        message=PROMPT, multiline=True, prompt_continuation=CONTINUATION,
        lexer=PygmentsLexer(MLLexer), completer=MLCompleter(session), complete_while_typing=False,
        history=_history(), key_bindings=key_bindings(session), enable_history_search=True,
        enable_open_in_editor=True,
    )
    print(BANNER, flush=True)
    if watch:
        session.start_auto_watch()
    try:
        with patch_stdout(raw=True):
            while True:
                try:
                    text = prompt.prompt()
                except KeyboardInterrupt:
                    continue  # Ctrl+C cancels the input being typed
                except EOFError:
                    break
                if not text.strip():
                    continue
                session.width = shutil.get_terminal_size().columns
                try:
                    result = session.execute(text)
                except KeyboardInterrupt:
                    print("KeyboardInterrupt: statement interrupted", flush=True)
                    continue
                shown = result.display()
                if shown:
                    print(shown, flush=True)
                if result.exit:
                    break
    finally:
        session.close()
    return 0


__all__ = ["BANNER", "CONTINUATION", "PROMPT", "history_path", "key_bindings", "run_terminal"]
