"""What a finished run hands the host: ``RunResult``, whose ML functions stay callable from Python.

``result.globals`` is the final state of the program's top-level variables. An ML function in it
(or returned by one) is wrapped by ``host_callable`` so that a host call behaves like the run it
came from: the run's execution context (its output stream, grants and sources), errors as
``MLError``s with ML positions, and the call's steps charged to a scope of its own in the calling
thread -- never to another run that happens to be active at the same time.
"""

from __future__ import annotations

import functools
import types
from dataclasses import dataclass, field
from typing import Any

from mlpy.runtime.context import ExecutionContext


@dataclass
class RunResult:
    """What a finished run leaves: the program's top-level ML variables (``globals``)."""

    globals: dict[str, Any] = field(default_factory=dict)
    filename: str = "<string>"


def host_view(ml_globals: dict[str, Any], ctx: ExecutionContext) -> dict[str, Any]:
    """``result.globals`` for the host: ML functions become host callables."""
    return {name: host_callable(value, ctx) if isinstance(value, types.FunctionType) else value
            for name, value in ml_globals.items()}


def host_callable(function: Any, ctx: ExecutionContext) -> Any:
    """Wrap an ML function so a host call behaves like the run it came from.

    The call runs under the run's execution context (``print`` goes where the program's output
    went, no more is allowed than was granted) inside a run scope of its own in the calling thread,
    so its steps never land on another run active meanwhile. An error escaping it is an
    ``MLError`` with an ML position and call chain; a returned ML function is wrapped the same way.
    The run's own limits are not re-armed: the host decides how long it calls.
    """
    from mlpy.runtime.context import use
    from mlpy.runtime.limits import run_scope
    from mlpy.runtime.report import ml_errors

    @functools.wraps(function)
    def call(*args: Any) -> Any:
        with use(ctx), run_scope(None), ml_errors(ctx.sources):
            result = function(*args)
        # A returned closure (``function mk(n) { return fn(x) => x + n; }``) behaves the same way.
        return host_callable(result, ctx) if isinstance(result, types.FunctionType) else result

    return call


__all__ = ["RunResult", "host_callable", "host_view"]
