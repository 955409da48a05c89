"""What a finished run hands the host: ``RunResult``, whose ML functions stay callable from Python.

``result.globals`` is the final state of the program's top-level variables. An ML function in it
(or returned by one) is wrapped by ``host_callable`` so that a host call behaves like the run it
came from: the run's execution context (its output stream, grants and sources), errors as
``MLError``s with ML positions, and the call's steps charged to a scope of its own in the calling
thread -- never to another run that happens to be active at the same time. ``result.call(name,
*args, timeout=..., max_steps=...)`` does the same with limits for that one call.

A ``RunResult`` pickles: plain data as it is, each ML function -- however deep in a value -- as an
``UnpicklableMLFunction`` marker (ML code cannot leave its process), a caught error object as a
dict of its fields (``engine.values.picklable``).
"""

from __future__ import annotations

import functools
import types
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mlpy.engine.stats import RunStats
from mlpy.engine.values import UnpicklableMLFunction, picklable, to_ml

if TYPE_CHECKING:
    from mlpy.runtime.context import ExecutionContext


@dataclass
class RunResult:
    """What a finished run leaves.

    ``globals``: the final state of the program's top-level ML variables (ML functions callable).
    ``output``: what the program printed, when run with ``capture_output=True`` (else ``None``).
    ``stats``: what the run cost (``RunStats``).
    """

    globals: dict[str, Any] = field(default_factory=dict)
    filename: str = "<string>"
    output: str | None = None
    stats: RunStats = field(default_factory=RunStats)
    _ctx: ExecutionContext | None = field(default=None, repr=False, compare=False)
    _counted: bool = field(default=False, repr=False, compare=False)

    def call(self, name: str, *args: Any, timeout: float | None = None,
             max_steps: int | None = None) -> Any:
        """Call the ML function ``name`` with host arguments (converted as ``inputs`` are), under the
        run's grants and output, with limits for this call only. Raises ``MLError``s."""
        function = self.globals.get(name)
        if not callable(function) or isinstance(function, UnpicklableMLFunction) or self._ctx is None:
            if isinstance(function, UnpicklableMLFunction):
                function(*args)  # raises: explains that ML functions do not survive pickling
            raise TypeError(f"'{name}' is not an ML function of this run")
        if (timeout is not None or max_steps is not None) and not self._counted:
            raise ValueError("this program ran without limits, so its functions count no steps: "
                             "run it with a limit (timeout=, max_steps=) to call them with limits")
        from mlpy.engine.options import make_limits

        limits = make_limits(timeout=timeout, max_steps=max_steps)
        converted = [to_ml(arg, f"argument {index + 1} of {name}()") for index, arg in enumerate(args)]
        raw = getattr(function, "__wrapped__", function)
        return _call_in(raw, converted, self._ctx, limits, self._counted)

    def __getstate__(self) -> dict[str, Any]:
        memo: dict[int, Any] = {}  # one memo: a value shared by two globals stays shared
        return {"globals": {name: picklable(value, name, memo) for name, value in self.globals.items()},
                "filename": self.filename, "output": self.output, "stats": self.stats}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.globals = state["globals"]
        self.filename = state["filename"]
        self.output = state["output"]
        self.stats = state["stats"]
        self._ctx = None
        self._counted = False


def _call_in(function: Any, args: list[Any], ctx: ExecutionContext, limits: Any, counted: bool) -> Any:
    """Run ``function(*args)`` as a host call of the run of ``ctx`` under ``limits``."""
    from mlpy.runtime.context import use
    from mlpy.runtime.limits import run_scope
    from mlpy.runtime.native_stack import on_native_stack
    from mlpy.runtime.report import ml_errors

    def body() -> Any:
        with use(ctx), run_scope(limits, metered=counted), ml_errors(ctx.sources):
            return function(*args)

    result = on_native_stack(body)
    # A returned closure (``function mk(n) { return fn(x) => x + n; }``) behaves the same way.
    return host_callable(result, ctx) if isinstance(result, types.FunctionType) else result


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
    The run's own limits are not re-armed: the host decides how long it calls (``result.call``
    gives a call limits of its own).
    """
    from mlpy.runtime.limits import Limits

    @functools.wraps(function)
    def call(*args: Any) -> Any:
        return _call_in(function, list(args), ctx, Limits(), False)

    return call


__all__ = ["RunResult", "host_callable", "host_view"]
