"""Evaluate ML text in a paused frame, as ML and under the program's grants.

The text is compiled by the normal ML compiler (REPL mode: a final expression's value is the
result) with the frame's variables declared as known names, and run by the normal runtime in a copy
of the frame's namespace: the program's globals (its ML builtins and helpers, never Python's) with
the frame's ML locals on top. Only ML names are copied (generated ``__`` temporaries are left out),
so the text can reach nothing the program could not; capability checks see the run's grants because
evaluation runs under the run's execution context. Assignments change the copy, not the program's
variables; arrays and objects are shared, so calling their methods changes them. Each evaluation
has a time limit of its own (``EVAL_SECONDS``); no flag or launch.json setting changes it, so an
evaluation that runs out of time says so and advises simplifying the expression, never a flag.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import TYPE_CHECKING, Any

from mlpy.errors import MLError, MLTimeoutError
from mlpy.runtime.context import ExecutionContext, use

if TYPE_CHECKING:
    from mlpy.runtime.limits import Meter

EVAL_FILENAME = "<evaluate>"
"""The file name evaluation errors are reported against."""
EVAL_SECONDS = 10.0
"""Time limit of one evaluation (``while (true) {}`` typed in the console must not hang the program
thread, which waits inside the tracer)."""
_RESULT = "__ml_result__"


def frame_namespace(frame: FrameType) -> dict[str, Any]:
    """A fresh namespace holding what ML code at the paused line of ``frame`` can see."""
    from mlpy.compiler.lowering.base import mangle
    from mlpy.tools.debugger.frames import frame_locals

    namespace = dict(frame.f_globals)
    namespace.pop(_RESULT, None)
    for name, value in (frame_locals(frame) or {}).items():
        namespace[mangle(name)] = value
    return namespace


def _visible_names(namespace: dict[str, Any]) -> frozenset[str]:
    from mlpy.tools.debugger.frames import ml_names

    return frozenset(ml_names(namespace))


def evaluate(text: str, frame: FrameType, ctx: ExecutionContext, main_file: str) -> Any:
    """The value of the ML ``text`` in ``frame`` (``null`` when the text ends in a statement).

    Raises ``MLError`` (compile errors, runtime errors, capability errors) with positions in
    ``EVAL_FILENAME``.
    """
    from mlpy.compiler import CompileOptions
    from mlpy.compiler.program import compile_source
    from mlpy.modules.checks import make_import_checker
    from mlpy.runtime.limits import Limits, bind_step, current_meter, run_scope
    from mlpy.runtime.report import ml_errors

    source = text.strip()
    if not source.endswith((";", "}")):
        source += ";"
    namespace = frame_namespace(frame)
    with use(ctx):
        options = CompileOptions(repl=True, known_globals=_visible_names(namespace), count_steps=True,
                                 import_checker=make_import_checker(main_file))
        program = compile_source(source, EVAL_FILENAME, options)
        sources = {**ctx.sources, EVAL_FILENAME: source}
        seconds = EVAL_SECONDS
        program_meter = current_meter()  # the paused program's (this is its thread)
        try:
            with run_scope(Limits(timeout=seconds)) as meter, ml_errors(sources):
                bind_step(namespace)  # the evaluation's steps count against its own time limit
                with _lent(program_meter.bound_namespaces(), meter):
                    exec(program.code, namespace)
        except MLTimeoutError as error:
            if meter.deadline is not None and time.monotonic() >= meter.deadline:
                _advise_evaluation_bound(error, seconds)
            raise
    return namespace.get(_RESULT)


@contextmanager
def _lent(namespaces: list[dict[str, Any]], meter: Meter) -> Iterator[None]:
    """Make the program's own ``namespaces`` (its globals, its ML modules') step and check limits
    with the evaluation's ``meter`` while the evaluation lasts, then give them their own back.

    A program function the text calls (``p f()``) runs code of those namespaces: its steps must
    count against the evaluation's time limit, not the paused program's (whose clock is held while
    paused), or a looping function would hang the debugger for good.
    """
    helpers = ("__ml_step", "__ml_check")
    kept = [(namespace, [namespace.get(name) for name in helpers]) for namespace in namespaces]
    for namespace, _helpers in kept:
        meter.bind(namespace)
    try:
        yield
    finally:
        for namespace, values in kept:
            for name, value in zip(helpers, values, strict=True):
                if value is None:
                    namespace.pop(name, None)
                else:
                    namespace[name] = value


def _advise_evaluation_bound(error: MLTimeoutError, seconds: float) -> None:
    """Make ``error`` (the evaluation's own time limit ran out) name that bound and what to do,
    instead of the run's front end's way to raise a limit (``--timeout`` cannot change it)."""
    from mlpy.language.advice import evaluation_timeout_advice

    error.message = f"time limit of {float(seconds)!r} s exceeded ({evaluation_timeout_advice(seconds)})"
    error.args = (error.message,)


def evaluate_text(text: str, frame: FrameType, ctx: ExecutionContext, main_file: str) -> tuple[Any, str | None]:
    """``(value, None)`` when ``text`` evaluates, ``(None, error message)`` when it does not."""
    try:
        return evaluate(text, frame, ctx, main_file), None
    except MLError as error:
        return None, error.format()
    except Exception as error:  # noqa: BLE001 - a failing evaluation must not end the session
        return None, f"cannot evaluate: {error}"


__all__ = ["EVAL_FILENAME", "evaluate", "evaluate_text", "frame_namespace"]
