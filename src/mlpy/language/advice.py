"""What an error tells the user to do, phrased for the front end that started the run.

A refused capability or a tripped limit says how to allow it (and a deny rule that refused one is
named as it was set); the way to say so depends on who
started the run: ``mlpy run`` takes flags (``--allow-read=notes.txt``, ``--timeout``), an embedding
host passes keyword arguments (``capabilities=["read:notes.txt"]``, ``timeout=``), and the REPL has
its own command (``.grant read:notes.txt``; its limits come from ``mlpy repl``'s flags), and an
editor's debug session (``mlpy dap``) takes its grants from the ``capabilities`` list of the launch
configuration (``"read:notes.txt"`` in launch.json) and its limits from attributes beside it
(``"timeout" in launch.json``; there is none for memory). An expression
evaluated in a paused program (a debugger's console, hover or breakpoint condition) has a time
bound of its own that no setting changes, so its advice is to simplify the expression. Every
message builder (grant denials, missing requests, limit and compile-timeout messages) phrases its
advice through this module, given the run's front end (``RunOptions.front_end``).

It sits in the lowest layer so that the compiler's deadline checks can use it too; the front end of
a compile in progress is ``current_front_end()`` (set by the engine with ``speaking_to``).
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Literal

FrontEnd = Literal["cli", "api", "repl", "dap"]
"""Who started a run: the command line, an embedding host (``mlpy.run``, pools), the REPL, or an
editor's debug session through the debug adapter (grants from launch.json's ``capabilities``)."""

FRONT_ENDS: tuple[str, ...] = ("cli", "api", "repl", "dap")

LAUNCH_CAPABILITIES = '"capabilities" in launch.json'
"""Where a debug session's grants are set: the launch configuration's ``capabilities`` list."""

_CURRENT: ContextVar[str] = ContextVar("mlpy_front_end", default="cli")


def current_front_end() -> str:
    """The front end of the compile in progress (``"cli"`` when none was set)."""
    return _CURRENT.get()


class speaking_to:  # noqa: N801 - used as ``with speaking_to("api"):``, like a function
    """Make ``front_end`` the one ``current_front_end()`` answers for the ``with`` block."""

    __slots__ = ("_front_end", "_token")

    def __init__(self, front_end: str) -> None:
        self._front_end = front_end

    def __enter__(self) -> None:
        self._token = _CURRENT.set(self._front_end)

    def __exit__(self, *exc_info: object) -> None:
        _CURRENT.reset(self._token)


def capability_string(kind: str, target: str | None) -> str:
    """The API/REPL spelling of a grant: ``read:notes.txt``, or ``net`` for the whole kind."""
    return f"{kind}:{target}" if target else kind


def grant_spelling(kind: str, target: str | None, front_end: str) -> str:
    """How ``front_end`` grants ``kind`` on ``target``: ``--allow-read=PATH`` (CLI),
    ``capabilities=["read:PATH"]`` (API), ``.grant read:PATH`` (REPL) or
    ``"read:PATH" in "capabilities" in launch.json`` (a debug session)."""
    if front_end == "dap":
        return f'"{capability_string(kind, target)}" in {LAUNCH_CAPABILITIES}'
    if front_end == "api":
        return f'capabilities=["{capability_string(kind, target)}"]'
    if front_end == "repl":
        return f".grant {capability_string(kind, target)}"
    return f"--allow-{kind}={target}" if target else f"--allow-{kind}"


def grant_advice(kind: str, target: str | None, front_end: str) -> str:
    """The sentence closing a refused check: ``Run with --allow-read=PATH to allow it.`` (CLI),
    ``Pass capabilities=["read:PATH"] to allow it.`` (API), ``Type .grant read:PATH to allow it.``
    (REPL), ``Add "read:PATH" to "capabilities" in launch.json to allow it.`` (a debug session)."""
    if front_end == "dap":
        return f'Add "{capability_string(kind, target)}" to {LAUNCH_CAPABILITIES} to allow it.'
    verb = {"api": "Pass", "repl": "Type"}.get(front_end, "Run with")
    return f"{verb} {grant_spelling(kind, target, front_end)} to allow it."


def deny_rule(kind: str, target: str | None) -> str:
    """A deny rule as a capability string: ``deny-read:/etc``, or ``deny-net`` for the whole kind."""
    return "deny-" + capability_string(kind, target)


def denied_by(rule: str, front_end: str) -> str:
    """The deny rule ``rule`` (``deny-read:/etc``) that refused a check, named as ``front_end`` set
    it: ``--deny-read=/etc`` (CLI), ``the rule "deny-read:/etc"`` (an API capability string) or
    ``the rule deny-read:/etc (see .capabilities)`` (the REPL lists its rules there), or
    ``the rule "deny-read:/etc" in "capabilities" in launch.json`` (a debug session)."""
    if front_end == "dap":
        return f'the rule "{rule}" in {LAUNCH_CAPABILITIES}'
    if front_end == "api":
        return f'the rule "{rule}"'
    if front_end == "repl":
        return f"the rule {rule} (see .capabilities)"
    name, _, target = rule.partition(":")
    return f"--{name}={target}" if target else f"--{name}"


_LIMIT_FLAGS = {
    "timeout": "--timeout", "max_steps": "--max-steps", "max_memory": "--max-memory",
    "max_output": "--max-output", "max_recursion": "--max-recursion",
}


LAUNCH_LIMITS = {
    "timeout": "timeout", "max_steps": "maxSteps", "max_output": "maxOutput", "max_recursion": "maxRecursion",
}
"""The launch.json attributes of a debug session's limits (what ``mlpy dap`` reads at launch)."""

LAUNCH_HAS_NO_LIMIT = "launch.json has no setting for this limit"
"""The advice of a debug session for a limit its launch configuration cannot set (memory: the
process is shared with the debugger): mlpy's flags would mislead someone working in an editor."""


def launch_limit(limit: str) -> str:
    """A limit's attribute in a launch configuration: ``"timeout" in launch.json``."""
    return f'"{LAUNCH_LIMITS[limit]}" in launch.json'


def limit_name(limit: str, front_end: str) -> str:
    """How ``front_end`` sets the limit ``limit`` (``timeout``, ``max_steps`` ...): the API's
    keyword ``timeout=``, the flag ``--timeout`` (the CLI's, and ``mlpy repl``'s), or the launch
    configuration's attribute ``"timeout" in launch.json`` (a debug session; for a limit it has no
    attribute for, it says so: ``LAUNCH_HAS_NO_LIMIT``)."""
    if front_end == "api":
        return f"{limit}="
    if front_end == "dap":
        return launch_limit(limit) if limit in LAUNCH_LIMITS else LAUNCH_HAS_NO_LIMIT
    return _LIMIT_FLAGS[limit]


def evaluation_timeout_advice(seconds: float) -> str:
    """Why an expression evaluated in a paused program stopped and what to do, for every front end:
    the debugger bounds each evaluation (so that ``while (true) {}`` typed in a console cannot hang
    the paused program) and no flag, keyword or launch.json setting changes that bound."""
    return (f"each debugger evaluation stops after {seconds:g} s and no setting changes that; "
            "simplify the expression")


__all__ = [
    "FRONT_ENDS",
    "FrontEnd",
    "LAUNCH_CAPABILITIES",
    "LAUNCH_HAS_NO_LIMIT",
    "LAUNCH_LIMITS",
    "capability_string",
    "current_front_end",
    "denied_by",
    "deny_rule",
    "evaluation_timeout_advice",
    "grant_advice",
    "grant_spelling",
    "launch_limit",
    "limit_name",
    "speaking_to",
]
