"""What a compile takes and gives: ``CompileOptions`` and ``CompiledProgram``.

Kept apart from the compiler proper so that a compile-cache hit (``mlpy run`` of an unchanged file)
loads neither the parser nor the lowering: this module imports nothing heavy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import ast
    from types import CodeType

    from mlpy import errors
    from mlpy.language import nodes


@dataclass(frozen=True)
class CompileOptions:
    """How to compile. Hashable and part of the compile-cache key (except ``import_checker``)."""

    count_steps: bool = False
    """Emit ``__ml_step()`` at every loop iteration and function entry (step and time limits)."""
    repl: bool = False
    """REPL entry: a final expression statement's value goes to ``__ml_result__``; top-level
    ``nonlocal`` and session names resolve."""
    known_globals: frozenset[str] = frozenset()
    """Names that already exist in the namespace the code will run in (REPL session variables)."""
    import_checker: Callable[[list[str], nodes.Import], None] | None = field(
        default=None, compare=False, hash=False)
    """Called for each ``import`` at compile time; raises ``MLImportError``. ``None``: not checked."""
    deadline: float | None = field(default=None, compare=False, hash=False)
    """A ``time.monotonic()`` value past which the compile stops with ``MLTimeoutError`` (a run's
    ``timeout`` covers compiling its program; see ``mlpy.language.deadline``). Not part of the key."""

    def cache_key_parts(self) -> tuple[Any, ...]:
        """The options as plain data for the compile cache (``import_checker`` excluded)."""
        return (self.count_steps, self.repl, tuple(sorted(self.known_globals)))


COMPILE_SHARE = 0.7
"""The part of a run's time limit its compile may use: Python's ``compile()`` after the last check,
and freeing an abandoned compile's trees, take the rest (see ``mlpy.language.deadline``)."""


def compile_deadline(started: float, timeout: float | None) -> float | None:
    """The ``CompileOptions.deadline`` of a run whose clock started at ``started`` (a
    ``time.monotonic()`` value) with the time limit ``timeout``; ``None`` without a limit."""
    return None if timeout is None else started + timeout * COMPILE_SHARE


@dataclass
class CompiledProgram:
    """A compiled ML program: the code object and what the module system, REPL and ``check`` need."""

    code: CodeType
    python_module: ast.Module | None
    imports: list[nodes.Import]
    capability_requests: list[nodes.CapabilityDecl]
    warnings: list[errors.MLError]
    top_level_names: list[str]
    filename: str = "<ml>"


__all__ = ["COMPILE_SHARE", "CompileOptions", "CompiledProgram", "compile_deadline"]
