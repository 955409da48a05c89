"""What a debugging session reports to its front end: plain data, one class per kind of event."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Stopped:
    """The program paused: ``reason`` is ``entry``, ``breakpoint``, ``step``, ``pause`` or
    ``exception``; ``text`` is the error message for an exception stop; ``breakpoint_ids`` the
    breakpoints that stopped it."""

    reason: str
    description: str = ""
    text: str = ""
    breakpoint_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Output:
    """Text the program printed (``stdout``), an error report (``stderr``) or a logpoint (``console``,
    with the file and line of the logpoint)."""

    category: str
    text: str
    path: str = ""
    line: int = 0


@dataclass(frozen=True)
class Exited:
    """The program ended with this exit status (0 ok, 1 runtime error, 2 compile error)."""

    code: int


@dataclass(frozen=True)
class Terminated:
    """The session is over: nothing more will be reported."""


Event = Stopped | Output | Exited | Terminated

__all__ = ["Event", "Exited", "Output", "Stopped", "Terminated"]
