"""Per-run module state: the ML modules one run has executed, and extension modules' run state.

An ML module's top level runs once per *import session*: one per execution context (one program
run, or one REPL session that keeps its context), so importing it again gives the same module
object. The session lives on the context (``ExecutionContext.module_state``) and dies with it; no
process-wide table maps contexts to sessions. ``use_session`` overrides it for a block (hosts and
benchmarks that want a fresh or shared session without a new context).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, TypeVar

from mlpy.modules.objects import MLModule, ModuleObject
from mlpy.runtime import context

T = TypeVar("T")


class ImportSession:
    """The ML modules executed for one program run or REPL session: resolved path -> module.

    ``run_state`` keeps what extension modules remember for this run only (a log level, a random
    seed): module instances are process-wide, so settings kept on them would leak into the next
    tenant's run.
    """

    def __init__(self) -> None:
        self.modules: dict[Path, MLModule] = {}
        self.packages: dict[tuple[Path, tuple[str, ...]], ModuleObject] = {}
        self.lock = threading.RLock()
        self._run_state: dict[object, Any] = {}
        _live_sessions.add(self)

    def loaded(self) -> list[MLModule]:
        """The ML modules this session has executed."""
        with self.lock:
            return list(self.modules.values())

    def run_state(self, owner: object, factory: Callable[[], T]) -> T:
        """``owner``'s state in this session, made by ``factory`` on first use."""
        with self.lock:
            state = self._run_state.get(owner)
            if state is None:
                state = self._run_state[owner] = factory()
            return state


_live_sessions: weakref.WeakSet[ImportSession] = weakref.WeakSet()
"""Every session still alive (reload updates the module objects of each); weak, so a finished
run's session goes away with its context."""
_active_session: ContextVar[ImportSession | None] = ContextVar("mlpy_import_session", default=None)
_session_lock = threading.Lock()


def current_session() -> ImportSession:
    """The session set by ``use_session``, else the current execution context's (made on first use)."""
    session = _active_session.get()
    if session is not None:
        return session
    ctx = context.current()
    state = ctx.module_state
    if isinstance(state, ImportSession):
        return state
    with _session_lock:
        state = ctx.module_state
        if not isinstance(state, ImportSession):
            state = ctx.module_state = ImportSession()
        return state


@contextmanager
def use_session(session: ImportSession) -> Iterator[ImportSession]:
    """Run imports in ``session`` for the duration of the block."""
    token = _active_session.set(session)
    try:
        yield session
    finally:
        _active_session.reset(token)


def all_sessions() -> list[ImportSession]:
    """Every live session."""
    return list(_live_sessions)


def in_program() -> bool:
    """True while an ML program or REPL entry runs (an execution context or a session is set).

    The registry answers a program only about what its own run can see; the host (no program
    running) may see every module loaded in the process.
    """
    return _active_session.get() is not None or context.current() is not context.default_context()


def run_state(owner: object, factory: Callable[[], T]) -> T:
    """``owner``'s state in the *current run*, made by ``factory`` on first use (see ``ImportSession``)."""
    return current_session().run_state(owner, factory)


__all__ = ["ImportSession", "all_sessions", "current_session", "in_program", "run_state", "use_session"]
