"""Fixtures of the compiler tests: compile ML source and run it with the real runtime.

``run(source)`` compiles with the given options, executes the code object in a fresh ML namespace of
``mlpy.runtime`` inside its own execution context (output captured), and returns what a test
observes: the printed lines, the namespace and, for ``count_steps`` code, the steps the run's meter
counted.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest

from mlpy.compiler import CompileOptions, compile_source
from mlpy.runtime import context, limits, namespace

_ENOUGH_STEPS = 10**9


class Run:
    """The outcome of one run: printed lines, the program's namespace, steps counted."""

    def __init__(self, globals_: dict[str, Any], out: list[str], steps: int) -> None:
        self.globals = globals_
        self.out = out
        self.steps = steps


def run_ml(source: str, options: CompileOptions = CompileOptions(), filename: str = "<ml>",
           names: dict[str, Any] | None = None) -> Run:
    """Compile ``source`` and run it with the real runtime helpers (``names`` are added to the
    program's globals first, as a REPL session's variables are)."""
    program = compile_source(source, filename, options)
    buffer = io.StringIO()
    ctx = context.ExecutionContext(stdout=buffer, sources={filename: source})
    run_limits = limits.Limits(max_steps=_ENOUGH_STEPS) if options.count_steps else None
    with context.use(ctx), limits.run_scope(run_limits) as meter:
        globals_ = namespace.new_globals(filename)
        if names:
            globals_.update(names)
        exec(program.code, globals_)
        steps = meter.steps if options.count_steps else 0
    return Run(globals_, buffer.getvalue().splitlines(), steps)


@pytest.fixture
def run() -> Callable[..., Run]:
    """``run(source, options=CompileOptions(), filename="<ml>", names=None) -> Run``."""
    return run_ml
