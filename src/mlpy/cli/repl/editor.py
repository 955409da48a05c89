"""``.editor``: write a multi-line entry in the user's editor, or inline.

When ``$VISUAL`` or ``$EDITOR`` names an editor, the entry is written there (a temporary ``.ml``
file, so the editor highlights ML); quitting the editor without an error runs what was saved.
Without one, the front end reads the entry inline (Node's editor mode): every Enter is a new line,
Ctrl+D runs the whole text and Ctrl+C cancels it.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

Edit = Callable[[str], "str | None"]
"""A front end's way to get an entry: initial text in, the entry out (None: cancelled)."""

INLINE_BANNER = "// Entering editor mode (Ctrl+D to run, Ctrl+C to cancel)"


def editor_command() -> list[str] | None:
    """The editor to run (``$VISUAL``, else ``$EDITOR``, split like a shell would), or None."""
    for variable in ("VISUAL", "EDITOR"):
        value = os.environ.get(variable, "").strip()
        if value:
            try:
                return shlex.split(value)
            except ValueError:
                return [value]
    return None


def edit_in_editor(text: str, command: list[str]) -> str | None:
    """Let ``command`` edit ``text`` in a temporary ``.ml`` file; the saved text, or None when the
    editor could not be started or exited with an error."""
    handle, name = tempfile.mkstemp(suffix=".ml", prefix="mlpy-entry-")
    path = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        try:
            status = subprocess.call([*command, str(path)])
        except OSError:
            return None
        if status != 0:
            return None
        # A save in another encoding must not end the session and lose the edit: bytes that are
        # not UTF-8 come back as U+FFFD, visible in the entry for the user to correct.
        return path.read_text(encoding="utf-8", errors="replace")
    finally:
        path.unlink(missing_ok=True)


__all__ = ["INLINE_BANNER", "Edit", "edit_in_editor", "editor_command"]
