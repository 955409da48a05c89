"""The ``--max-output`` limit: text streams that count the bytes a run writes and stop it at the limit.

``run_scope`` (``mlpy.runtime.limits``) wraps a run's ``stdout`` and ``stderr`` in ``LimitedOutput``s
sharing one ``OutputBudget``, so ``print``, ``console.error`` and ``log`` all count against it.
``StreamWrapper`` is the pass-through base also used by the engine's counting writer.
"""

from __future__ import annotations

from typing import Any, TextIO

from mlpy.errors import MLLimitError
from mlpy.language.advice import limit_name
from mlpy.runtime.context import current


def output_message(limit: int | None, front_end: str = "cli") -> str:
    """``output limit of 100 bytes exceeded (--max-output)`` (``(max_output=)`` for an embedding
    host) -- shared with the sandbox's parent-side backstop."""
    return f"output limit of {limit} bytes exceeded ({limit_name('max_output', front_end)})"


class OutputBudget:
    """A byte allowance shared by the streams of one run (stdout and stderr count together)."""

    __slots__ = ("limit", "used")

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0


class StreamWrapper:
    """A text stream wrapping another: ``flush`` and every other attribute (``isatty()``,
    ``encoding``, ``fileno()`` ...) go to the wrapped ``stream``; host code only, never ML."""

    stream: Any

    def flush(self) -> None:
        flush = getattr(self.stream, "flush", None)
        if flush is not None:
            flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


class LimitedOutput(StreamWrapper):
    """A text stream wrapper enforcing ``--max-output``: writes what fits, then raises.

    Bytes are counted UTF-8 encoded. The write that crosses the limit writes the part that fits
    (never half a character) and raises ``MLLimitError``; every later write raises at once.
    """

    def __init__(self, stream: TextIO | Any, max_bytes: int | None = None, *,
                 budget: OutputBudget | None = None) -> None:
        if budget is None:
            if max_bytes is None:
                raise ValueError("LimitedOutput needs max_bytes or a shared budget")
            budget = OutputBudget(max_bytes)
        self.stream = stream
        self.budget = budget

    @property
    def written(self) -> int:
        """Bytes written so far through the shared budget."""
        return self.budget.used

    def write(self, text: str) -> int:
        budget = self.budget
        data = text.encode("utf-8", "surrogatepass")
        room = budget.limit - budget.used
        if len(data) <= room:
            budget.used += len(data)
            self.stream.write(text)
            return len(text)
        fitting = data[:max(room, 0)].decode("utf-8", "ignore")
        if fitting:
            self.stream.write(fitting)
            budget.used += len(fitting.encode("utf-8", "surrogatepass"))
        budget.used = budget.limit
        self.flush()
        raise MLLimitError(output_message(budget.limit, current().front_end))


__all__ = ["LimitedOutput", "OutputBudget", "StreamWrapper", "output_message"]
