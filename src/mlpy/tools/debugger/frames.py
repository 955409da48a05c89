"""The stack of a paused ML program as the ML programmer sees it.

Only frames of ML code appear (code whose filename is one of the run's compiled sources): runtime
helpers, builtins and the debugger itself are left out. Names are ML names: ``__kw_class`` is
``class``, arrows are ``<anonymous>``, a file's top level is ``<top level>``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any


@dataclass(frozen=True)
class StackEntry:
    """One ML frame of a paused program: ``id`` is what front ends pass back to inspect it."""

    id: int
    name: str
    path: str
    line: int
    frame: FrameType


def frame_name(frame: FrameType, main_file: str) -> str:
    """The ML name of the function ``frame`` runs."""
    from mlpy.runtime.formatting import ml_name

    code = frame.f_code
    if code.co_name == "<module>":
        if code.co_filename == main_file:
            return "<top level>"
        return f"<top level of {Path(code.co_filename).stem}>"
    return ml_name(code.co_name)


def live_frames(frame: FrameType | None, is_ml: Callable[[str], bool]) -> list[tuple[FrameType, int]]:
    """The ML frames from ``frame`` outwards, innermost first, each with its current line."""
    found = []
    while frame is not None:
        if is_ml(frame.f_code.co_filename):
            found.append((frame, frame.f_lineno))
        frame = frame.f_back
    return found


def traceback_frames(tb: TracebackType | None, is_ml: Callable[[str], bool]) -> list[tuple[FrameType, int]]:
    """The ML frames of a traceback, innermost first, each with the line where the error passed.

    A frame listed twice (an error re-raised by a generated ``except``) keeps its innermost entry.
    """
    entries: list[tuple[FrameType, int]] = []
    while tb is not None:
        if is_ml(tb.tb_frame.f_code.co_filename):
            entries.append((tb.tb_frame, tb.tb_lineno))
        tb = tb.tb_next
    seen: set[int] = set()
    kept = []
    for frame, line in reversed(entries):
        if id(frame) not in seen:
            seen.add(id(frame))
            kept.append((frame, line))
    return kept


def stack_entries(frames: list[tuple[FrameType, int]], main_file: str) -> list[StackEntry]:
    """Number the frames (1 = innermost) and name them."""
    return [StackEntry(index, frame_name(frame, main_file), frame.f_code.co_filename, line, frame)
            for index, (frame, line) in enumerate(frames, start=1)]


def ml_names(mapping: Mapping[str, Any]) -> dict[str, Any]:
    """The ML variables of a Python namespace: generated ``__`` names dropped, ``__kw_x`` shown as
    ``x``, classes (never ML values) dropped (the same view a run's result gives of its globals)."""
    from mlpy.runtime.namespace import ml_globals_view

    return ml_globals_view(dict(mapping))


def frame_locals(frame: FrameType) -> dict[str, Any] | None:
    """The ML local variables of a function frame (``None`` for a file's top level)."""
    if frame.f_code.co_name == "<module>":
        return None
    return ml_names(frame.f_locals)


def frame_globals(frame: FrameType) -> dict[str, Any]:
    """The top-level ML variables of the file ``frame`` belongs to."""
    return ml_names(frame.f_globals)


__all__ = ["StackEntry", "frame_globals", "frame_locals", "frame_name", "live_frames", "ml_names",
           "stack_entries", "traceback_frames"]
