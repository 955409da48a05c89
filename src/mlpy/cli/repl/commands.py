"""The REPL's dot-commands: one table, each command a small function of (session, argument).

Both front ends reach a command the same way, through ``MLREPLSession.execute(".name arg")``;
``.help`` and completion read the same table, so a command added here is listed and completed
everywhere. A command returns a :class:`ReplResult`; whatever it needs from a person (a yes/no
answer, an edited text) it asks through the callbacks the front end gave the session.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mlpy.cli.repl.result import ReplResult

if TYPE_CHECKING:
    from mlpy.cli.repl.session import MLREPLSession

CommandFunction = Callable[["MLREPLSession", str], ReplResult]


@dataclass(frozen=True)
class Command:
    """One dot-command: its name (without the dot), how it is typed, one line of help, its function."""

    name: str
    usage: str
    summary: str
    section: str
    run: CommandFunction


COMMANDS: dict[str, Command] = {}
"""Every dot-command by name (without the dot), in the order ``.help`` lists them."""

GENERAL = "general"
DEVELOPMENT = "Module development"


def command(usage: str, summary: str, section: str = GENERAL, *, required: Callable[[str], str] | None = None,
            hint: str = "") -> Callable[[CommandFunction], CommandFunction]:
    """Register the decorated function as the command ``usage`` starts with (``".load FILE"``).

    A command whose argument is ``required`` gets it as that function reads it (``one_argument`` for
    one word or path, ``str.strip`` for the whole text) and runs only when it is not empty; without
    it the answer is ``Usage: <usage><hint>``.
    """

    def register(function: CommandFunction) -> CommandFunction:
        name = usage.split()[0].lstrip(".")
        run = function if required is None else _with_argument(function, required, f"Usage: {usage}{hint}")
        COMMANDS[name] = Command(name, usage, summary, section, run)
        return function

    return register


def _with_argument(function: CommandFunction, read: Callable[[str], str], usage: str) -> CommandFunction:
    """``function`` called with its argument read by ``read``, or the usage line when there is none."""

    def run(session: MLREPLSession, arg: str) -> ReplResult:
        argument = read(arg)
        return function(session, argument) if argument else answer(False, usage)

    return run


def parse_command(text: str) -> tuple[str, str] | None:
    """``(name, argument)`` when ``text`` is a dot-command (``.reload greet``), else None.

    ML code never starts with a dot followed by a letter (``.5`` is a number), so this is unambiguous.
    """
    stripped = text.strip()
    if len(stripped) < 2 or stripped[0] != "." or not stripped[1].isalpha():
        return None
    name, _, arg = stripped[1:].partition(" ")
    if not name.isalnum():
        return None
    return name.lower(), arg.strip()


def run_command(session: MLREPLSession, name: str, arg: str) -> ReplResult:
    """Answer one dot-command (``name`` without the dot)."""
    entry = COMMANDS.get(name)
    if entry is None:
        return answer(False, f"Unknown command '.{name}'. Type .help for the list of commands.")
    return entry.run(session, arg)


def answer(success: bool, message: str) -> ReplResult:
    """A command's reply that is only a message."""
    return ReplResult(success=success, message=message)


def one_argument(arg: str) -> str:
    """The single (possibly quoted) argument of a command."""
    arg = arg.strip()
    if not arg:
        return ""
    try:
        parts = shlex.split(arg)
    except ValueError:
        return arg
    return parts[0] if len(parts) == 1 else arg


def short_repr(text: str, limit: int = 70) -> str:
    """``text`` cut to ``limit`` characters with ``...``."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


# --- session -------------------------------------------------------------------------------------


@command(".help", "this help")
def _help(_session: MLREPLSession, _arg: str) -> ReplResult:
    return answer(True, HELP_TEXT)


@command(".exit", "leave the REPL (Ctrl+D does too)")
def _exit(session: MLREPLSession, _arg: str) -> ReplResult:
    session.unwatch()
    return ReplResult(exit=True, message="Goodbye")


@command(".vars", "the variables of this session")
def _vars(session: MLREPLSession, _arg: str) -> ReplResult:
    names = session.variable_names()
    if not names:
        return answer(True, "No variables defined")
    from mlpy.runtime.formatting import ml_repr

    lines = ["Variables:"]
    lines += [f"  {name} = {short_repr(ml_repr(session.lookup(name)))}" for name in names]
    return answer(True, "\n".join(lines))


@command(".clear", "forget every variable")
def _clear(session: MLREPLSession, _arg: str) -> ReplResult:
    session.clear()
    return answer(True, "Session cleared: all variables removed")


@command(".history", "the entries of this session")
def _history(session: MLREPLSession, _arg: str) -> ReplResult:
    if not session.history:
        return answer(True, "No history yet")
    lines = []
    for number, entry in enumerate(session.history, 1):
        marker = " " if entry.ok else "✗"
        text = entry.source.rstrip("\n").replace("\n", "\n      ")
        lines.append(f"{number:>3}{marker} {text}")
    return answer(True, "\n".join(lines))


@command(".load FILE", "run an ML file in this session", required=one_argument)
def _load(session: MLREPLSession, path: str) -> ReplResult:
    try:
        source = Path(path).expanduser().read_text(encoding="utf-8")
    except OSError as exc:
        return answer(False, f"Cannot read {path}: {exc.strerror or exc}")
    except UnicodeDecodeError as exc:
        return answer(False, f"Cannot read {path}: it is not UTF-8 text (at byte offset {exc.start}); "
                             "save it as UTF-8")
    result = session.run_source(source, filename=path)
    if result.success:
        result.message = f"Loaded {path}"
    return result


@command(".save FILE", "write this session's entries that ran to FILE (a program mlpy run runs)", required=one_argument)
def _save(session: MLREPLSession, path: str) -> ReplResult:
    entries = [entry.runnable.rstrip("\n") for entry in session.history if entry.ok]
    try:
        Path(path).expanduser().write_text("\n".join(entries) + ("\n" if entries else ""), encoding="utf-8")
    except OSError as exc:
        return answer(False, f"Cannot write {path}: {exc.strerror or exc}")
    return answer(True, f"Saved {len(entries)} entries to {path}")


@command(".editor", "write a multi-line entry in $VISUAL/$EDITOR, or inline (Ctrl+D runs it)")
def _editor(session: MLREPLSession, arg: str) -> ReplResult:
    if session.edit is None:
        return answer(False, ".editor needs an interactive terminal")
    text = session.edit(arg)
    if text is None:
        return answer(False, "Editing cancelled: nothing was run")
    if not text.strip():
        return answer(True, "Nothing to run")
    return session.run_source(text)


# --- modules -------------------------------------------------------------------------------------


@command(".modules", "available modules (* = loaded)")
def _modules(session: MLREPLSession, _arg: str) -> ReplResult:
    names = sorted(session.registry.get_all_module_names())
    if not names:
        return answer(True, "No modules available")
    loaded = set(session.loaded_modules())
    lines = [f"Available modules ({len(names)}, * = loaded):"]
    lines += [f"  {'*' if name in loaded else ' '} {name}" for name in names]
    return answer(True, "\n".join(lines))


@command(".modinfo NAME", "details of one module", required=one_argument)
def _modinfo(session: MLREPLSession, name: str) -> ReplResult:
    from mlpy.devmode.messages import module_not_found

    info = session.registry.get_module_info(name)
    if info is None:
        return answer(False, module_not_found(name))
    lines = [f"Module: {name}"]
    for key, value in info.items():
        if key == "name" or value in ("", None):
            continue
        if isinstance(value, (list, tuple, set, dict)):
            value = ", ".join(map(str, value)) if value else "(none)"
        lines.append(f"  {key}: {value}")
    return answer(True, "\n".join(lines))


@command(".addpath DIR", "add DIR to the extension and ML module paths", required=one_argument)
def _addpath(session: MLREPLSession, directory: str) -> ReplResult:
    path = Path(directory).expanduser().resolve()
    if not path.is_dir():
        return answer(False, f"Not a directory: {directory}")
    session.add_module_path(str(path))
    return answer(True, f"Added {path} to the extension and ML module paths")


# --- capabilities --------------------------------------------------------------------------------


@command(".capabilities", "the capabilities granted to this session")
def _capabilities(session: MLREPLSession, _arg: str) -> ReplResult:
    described = session.grants.describe()
    if not described:
        return answer(True, "No capabilities granted (use .grant CAP, e.g. .grant read:/tmp)")
    return answer(True, "Granted capabilities:\n" + "\n".join(f"  {line}" for line in described))


@command(".grant CAP", "grant a capability (asks for confirmation), e.g. .grant read:/tmp",
         required=one_argument, hint="   (e.g. .grant read:/tmp, .grant net:example.com)")
def _grant(session: MLREPLSession, capability: str) -> ReplResult:
    from mlpy.errors import MLCapabilityError

    try:
        session.check_capability(capability)
    except MLCapabilityError as exc:
        return answer(False, f"Invalid capability '{capability}': {exc.message}")
    if not session.confirm(f"Grant capability '{capability}' to this session?"):
        return answer(False, f"Capability '{capability}' not granted")
    session.add_grant(capability)
    return answer(True, f"Granted capability: {capability}")


@command(".revoke CAP", "withdraw a capability granted with .grant", required=one_argument)
def _revoke(session: MLREPLSession, capability: str) -> ReplResult:
    if not session.revoke_grant(capability):
        return answer(False, f"Capability '{capability}' was not granted with .grant")
    return answer(True, f"Revoked capability: {capability}")


@command(".debug [on|off]", "show the Python traceback under errors (mlpy repl --debug starts so)")
def _debug(session: MLREPLSession, arg: str) -> ReplResult:
    word = arg.strip().lower()
    if word not in ("", "on", "off"):
        return answer(False, "Usage: .debug [on|off]")
    session.debug = (not session.debug) if not word else word == "on"
    if session.debug:
        return answer(True, "Debug mode ON: errors show the Python traceback that led to them")
    return answer(True, "Debug mode OFF")


@command(".time EXPR", "run EXPR and show how long it took", required=str.strip)
def _time(session: MLREPLSession, expression: str) -> ReplResult:
    result = session.run_source(expression)
    if result.success:  # the time of a failed entry means nothing: its error is the answer
        result.message = f"Time: {result.elapsed_ms:.3f} ms"
    return result


# --- module development --------------------------------------------------------------------------


def _development(usage: str, summary: str, operation: Callable[[MLREPLSession, str], tuple[bool, str]]) -> None:
    """Register a command that answers with one ``DevTools`` operation's ``(success, message)``."""
    command(usage, summary, DEVELOPMENT)(lambda session, arg: answer(*operation(session, arg)))


_development(".devmode [on|trace|off]", 'toggle development mode (load timings);\n'
             '"trace": also trace allocations (slower loads), "off": off',
             lambda session, arg: session.toggle_dev_mode(arg))
_development(".reload NAME", "reload a module; old references run the new code",
             lambda session, arg: session.reload_module(one_argument(arg)))
_development(".reloadall", "reload every loaded module", lambda session, _: session.reload_all_modules())
_development(".refresh", "rescan the module paths", lambda session, _: session.refresh_modules())
_development(".perfmon", "load-time performance summary (development mode)",
             lambda session, _: session.get_performance_summary())
_development(".memreport [--trace]", "memory used by each loaded module (--trace: start tracing\n"
             "allocations, for what loads from then on)",
             lambda session, arg: session.get_memory_report(arg))
_development(".watch [NAME ...]", "also reload these modules (all loaded without names) when their\n"
             "files change",
             lambda session, arg: session.watch(arg.split()))
_development(".unwatch [NAME ...]", "stop watching these modules (all without names)",
             lambda session, arg: session.unwatch(arg.split()))


# --- help, from the table ------------------------------------------------------------------------

_HELP_HEADER = """\
ML REPL — enter statements or expressions; an expression's value is echoed as `=> value`
and kept in `_`. Input continues on the next line while a bracket, string or comment is open.
Tab completes, Up searches the history for what the line starts with, Ctrl+R searches it all,
Ctrl+X Ctrl+E edits the entry in $EDITOR."""


def _help_lines(section: str) -> list[str]:
    """One line per command of ``section``: usage, then the summary in a column after the longest."""
    width = max(len(entry.usage) for entry in COMMANDS.values()) + 2
    lines = []
    for entry in COMMANDS.values():
        if entry.section == section:
            summary = entry.summary.replace("\n", "\n" + " " * (width + 2))
            lines.append(f"  {entry.usage:<{width}}{summary}")
    return lines


HELP_TEXT = "\n".join([_HELP_HEADER, "", *_help_lines(GENERAL), "", DEVELOPMENT + ":",
                       *_help_lines(DEVELOPMENT)])
"""What ``.help`` shows: every command of the table with its one line of help."""

COMMAND_NAMES: tuple[str, ...] = tuple(sorted("." + name for name in COMMANDS))
"""Every dot-command, for completion."""

__all__ = ["COMMANDS", "COMMAND_NAMES", "HELP_TEXT", "Command", "command", "parse_command", "run_command"]
