"""Tab completion for the REPL: session names, keywords, builtins, members after ``.``, dot-commands,
module names, and file names after ``.load``/``.save`` (directories after ``.addpath``).

:func:`complete` is the pure logic (text before the cursor in, candidates out) so it can be tested
without a terminal; :class:`MLCompleter` adapts it to prompt_toolkit. Members are looked up the way
ML sees them (object keys, module members, allow-listed methods), never through Python attributes,
so completion cannot reveal anything ML code could not reach.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document

from mlpy.cli.repl.highlight import CONSTANTS, KEYWORDS
from mlpy.compiler.builtin_names import BUILTIN_NAMES

if TYPE_CHECKING:
    from mlpy.cli.repl.session import MLREPLSession

_COMMAND_RE = re.compile(r"^\s*(\.[A-Za-z]*)$")
_COMMAND_ARG_RE = re.compile(r"^\s*\.(reload|modinfo|watch|unwatch)\s+(?:\S+\s+)*([A-Za-z0-9_.]*)$")
_FILE_ARG_RE = re.compile(r"^\s*\.(load|save|addpath)\s+(\S*)$")
_WANTED_FILES = {"load": "ml", "save": "any", "addpath": "none"}
"""Which files each command's argument completes to besides directories."""
_IMPORT_RE = re.compile(r"(?:^|[;{}\s])import\s+([A-Za-z0-9_.]*)$")
_MEMBER_RE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\.([A-Za-z0-9_]*)$")
_WORD_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*$")


def complete(session: MLREPLSession, text: str) -> list[str]:
    """Completions for the word that ends ``text`` (the input up to the cursor), sorted, no duplicates."""
    from mlpy.cli.repl.commands import COMMAND_NAMES

    match = _COMMAND_RE.match(text)
    if match:
        return _starting_with(COMMAND_NAMES, match.group(1))
    match = _COMMAND_ARG_RE.match(text)
    if match:
        return _starting_with(_module_names(session), match.group(2))
    match = _FILE_ARG_RE.match(text)
    if match:
        return path_completions(match.group(2), files=_WANTED_FILES[match.group(1)])
    match = _IMPORT_RE.search(text)
    if match:
        return _starting_with(_module_names(session), match.group(1))
    if _inside_string(text):
        return []
    match = _MEMBER_RE.search(text)
    if match and not _follows_number(text, match.start()):
        value = _resolve(session, match.group(1).split("."))
        return _starting_with(session.member_names(value), match.group(2))
    match = _WORD_RE.search(text)
    prefix = match.group(0) if match else ""
    if not prefix:
        return []
    names = set(session.variable_names()) | set(KEYWORDS) | set(CONSTANTS) | set(BUILTIN_NAMES)
    return _starting_with(names, prefix)


def word_before_cursor(text: str) -> str:
    """The part of ``text`` a completion replaces (a word, a member name or a dot-command)."""
    match = _COMMAND_RE.match(text)
    if match:
        return match.group(1)
    match = _FILE_ARG_RE.match(text)
    if match:
        return match.group(2)
    match = re.search(r"[A-Za-z0-9_.]*$", text) if _COMMAND_ARG_RE.match(text) or _IMPORT_RE.search(text) \
        else re.search(r"[A-Za-z0-9_]*$", text)
    return match.group(0) if match else ""


def _resolve(session: MLREPLSession, parts: list[str]) -> Any:
    """The value of ``a.b.c`` as ML would read it, or ``MISSING``; runs no code (no ML function,
    no property getter): each step asks the runtime's member dispatcher to peek."""
    from mlpy.runtime.members import MISSING, peek_member

    try:
        value = session.lookup(parts[0])
    except KeyError:
        return MISSING
    for part in parts[1:]:
        value = peek_member(value, part)
        if value is MISSING:
            break
    return value


def path_completions(typed: str, files: str = "any") -> list[str]:
    """Paths that complete ``typed`` (``.load``, ``.save``, ``.addpath``): directories with a
    trailing ``/``, and files: ``"any"``, ``"ml"`` (``.ml`` files only) or ``"none"``. Hidden
    entries only when asked for with a leading dot; ``~`` is expanded for the lookup and kept."""
    directory, _, start = typed.rpartition("/")
    if typed.startswith("/") and not directory:
        directory = "/"
    where = os.path.expanduser(directory) if directory else "."
    head = typed[: len(typed) - len(start)]
    found = []
    try:
        entries = list(os.scandir(where))
    except OSError:
        return []
    for entry in entries:
        if not entry.name.startswith(start) or (entry.name.startswith(".") and not start.startswith(".")):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            continue
        if is_dir:
            found.append(head + entry.name + "/")
        elif files == "any" or (files == "ml" and entry.name.endswith(".ml")):
            found.append(head + entry.name)
    return sorted(found)


def _module_names(session: MLREPLSession) -> list[str]:
    try:
        return sorted(session.registry.get_all_module_names())
    except Exception:  # noqa: BLE001 - completion must never fail
        return []


def _starting_with(candidates: Iterable[str], prefix: str) -> list[str]:
    return sorted({c for c in candidates if c.startswith(prefix) and not c.startswith("_")})


def _inside_string(text: str) -> bool:
    """A rough check that the cursor is inside a string literal on the current line."""
    line = text.rsplit("\n", 1)[-1]
    quote: str | None = None
    escaped = False
    for char in line:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif quote:
            if char == quote:
                quote = None
        elif char in "\"'":
            quote = char
    return quote is not None


def _follows_number(text: str, start: int) -> bool:
    return start > 0 and text[start - 1].isdigit()


class MLCompleter(Completer):
    """prompt_toolkit completer backed by :func:`complete` and a live ``MLREPLSession``."""

    def __init__(self, session: MLREPLSession) -> None:
        self.session = session

    def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterator[Completion]:
        text = document.text_before_cursor
        try:
            candidates = complete(self.session, text)
        except Exception:  # noqa: BLE001 - a completion bug must not crash the prompt
            return
        word = word_before_cursor(text)
        for candidate in candidates:
            yield Completion(candidate, start_position=-len(word))


__all__ = ["MLCompleter", "complete", "word_before_cursor"]
