"""The execution context of one ML run: output, input, grants, limits, paths, sources.

Generated code and the runtime never take these as parameters; they ask ``current()``. The context
lives in a ``contextvars.ContextVar`` so that threads and nested runs (an ML module imported while
a program runs, the REPL, the embedding API) each see their own.
"""

from __future__ import annotations

import sys
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

from mlpy.runtime.environ import EnvironmentView  # imports only os: made for every run

if TYPE_CHECKING:
    from mlpy.runtime.capabilities import Grants
    from mlpy.runtime.imports import Importer
    from mlpy.runtime.limits import DepthGuard, Limits, Meter
    from mlpy.runtime.output_limit import OutputBudget


class _ProcessStdout:
    """A writer that forwards to whatever ``sys.stdout`` is at the time of the write.

    Used as the default ``stdout`` so that a context created early still follows later
    redirections of ``sys.stdout`` (test capture, the REPL's patching).
    """

    def write(self, text: str) -> int:
        return sys.stdout.write(text)

    def flush(self) -> None:
        sys.stdout.flush()


class _ProcessStderr:
    """A writer that forwards to whatever ``sys.stderr`` is at the time of the write."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()


class _ProcessStdin:
    """A reader that forwards to whatever ``sys.stdin`` is at the time of the read."""

    def readline(self, size: int = -1) -> str:
        return sys.stdin.readline(size)

    def read(self, size: int = -1) -> str:
        return sys.stdin.read(size)


@dataclass(eq=False)
class ExecutionContext:
    """Everything that belongs to one ML run, and nothing that belongs to another.

    What the host gives the run: ``stdout``/``stderr``/``stdin``, ``grants`` (``mlpy.runtime.capabilities``),
    ``limits`` (``mlpy.runtime.limits``), module paths, ``main_dir``, ``argv``. What the run
    accumulates: ``sources`` (every compiled ML filename -> its text, so errors show the source line
    and the reporter can tell ML frames from runtime frames), the step ``meter`` (steps counted, the
    deadline), the call ``depth`` guard, the ``output`` budget, open ``handles``, the module system's
    state. Contexts compare by identity (``eq=False``), so they can key weak dictionaries.
    """

    stdout: TextIO = field(default_factory=lambda: _ProcessStdout())  # type: ignore[assignment]
    stdin: TextIO = field(default_factory=lambda: _ProcessStdin())  # type: ignore[assignment]
    stderr: TextIO = field(default_factory=lambda: _ProcessStderr())  # type: ignore[assignment]
    """Where ``console.error``/``warn`` and ``log`` console lines go (the host's, never a bypass)."""
    grants: Grants | None = None
    limits: Limits | None = None
    extension_paths: list[str] = field(default_factory=list)
    ml_module_paths: list[str] = field(default_factory=list)
    main_dir: str | None = None
    argv: list[str] = field(default_factory=list)
    front_end: str = "cli"
    """Who started the run (``"cli"``, ``"api"``, ``"repl"``): errors phrase their advice for it
    (``mlpy.language.advice``)."""
    sources: dict[str, str] = field(default_factory=dict)
    importer: Importer | None = field(default=None, compare=False, repr=False)
    """The module system of this run (``mlpy.runtime.imports``); None: the process default."""
    module_state: object | None = field(default=None, compare=False, repr=False)
    """The module system's per-run state (the ML modules this run executed, extension run state),
    created on the first import and dropped with the context."""
    meter: Meter | None = field(default=None, compare=False, repr=False)
    """The step counter and deadline of the limited run in progress (set by ``run_scope``)."""
    depth: DepthGuard | None = field(default=None, compare=False, repr=False)
    """The ML call-depth counter when ``max_recursion`` is set (set by ``run_scope``)."""
    output: OutputBudget | None = field(default=None, compare=False, repr=False)
    """The bytes printed so far against ``max_output`` (set by ``run_scope``)."""
    handles: list[Any] = field(default_factory=list, compare=False, repr=False)
    """Objects with a ``close()`` the run opened; ``close_handles()`` closes them when it ends."""
    environ: EnvironmentView = field(default_factory=EnvironmentView, compare=False, repr=False)
    """The run's own environment view: ``env.set``/``env.delete`` change it, never ``os.environ``."""

    def close_handles(self) -> None:
        """Close every handle the run left open (newest first); errors while closing are ignored."""
        while self.handles:
            handle = self.handles.pop()
            try:
                handle.close()
            except Exception:  # noqa: BLE001, S110 - a failing close must not hide the run's result
                pass


_DEFAULT = ExecutionContext()
_CURRENT: ContextVar[ExecutionContext] = ContextVar("mlpy_execution_context", default=_DEFAULT)


def current() -> ExecutionContext:
    """The active execution context (a default one writing to ``sys.stdout`` when none is set)."""
    return _CURRENT.get()


def default_context() -> ExecutionContext:
    """The context used when no run has set one (host code outside any program)."""
    return _DEFAULT


class use:  # noqa: N801 - used as ``with use(ctx):``, like a function
    """Make ``ctx`` the active context for the duration of the ``with`` block.

    A class rather than a generator-based context manager: every run and every host call into ML
    enters it, and this costs a third of what ``contextlib.contextmanager`` does.
    """

    __slots__ = ("_ctx", "_token")

    def __init__(self, ctx: ExecutionContext) -> None:
        self._ctx = ctx

    def __enter__(self) -> ExecutionContext:
        self._token = _CURRENT.set(self._ctx)
        return self._ctx

    def __exit__(self, *exc_info: object) -> None:
        _CURRENT.reset(self._token)


__all__ = ["ExecutionContext", "current", "default_context", "use"]
