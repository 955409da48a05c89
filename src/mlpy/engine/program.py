"""``Program``: a compiled ML program the host keeps and runs many times."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mlpy.engine.result import RunResult

if TYPE_CHECKING:
    from mlpy.compiler import CompiledProgram


@dataclass
class Program:
    """A compiled, reusable program: run it many times with ``run()``.

    ``program`` is the compiler's ``CompiledProgram``; ``count_steps`` says whether it was compiled
    with step counting (a run with limits recompiles, through the cache, when it was not).
    """

    source: str
    filename: str
    program: CompiledProgram | None
    count_steps: bool = False

    def run(self, **options: Any) -> RunResult:
        """Run this program; the keyword options are those of ``mlpy.run``."""
        from mlpy.engine.options import build_options
        from mlpy.engine.pipeline import run_program

        return run_program(self.source, self.filename, build_options(self.filename, **options),
                           self.program, count_steps=self.count_steps)


__all__ = ["Program"]
