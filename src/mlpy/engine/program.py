"""``Program``: a compiled ML program the host keeps and runs many times."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mlpy import settings
from mlpy.engine.options import RunOptions, embedded_options, working_directory
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
    inputs: frozenset[str] = frozenset()
    """Names the program reads without defining them: the host binds them with ``inputs=``."""
    _default_options: tuple[tuple[str, int], RunOptions] | None = field(
        default=None, init=False, repr=False, compare=False)
    """The options of a run without options, with the working directory and settings generation
    they were built under (one tuple: threads sharing the program swap it in one assignment)."""

    def run(self, **options: Any) -> RunResult:
        """Run this program; the keyword options are those of ``mlpy.run`` (with its defaults:
        no project file, an empty stdin). A run without options reuses the options an earlier one
        built (module paths, grants and limits are not resolved per run) as long as the working
        directory and mlpy's settings (``mlpy.settings.reload()``) are those they were built under:
        relative module paths, and the environment's, resolve again after either changed."""
        from mlpy.engine.pipeline import run_program  # the runtime loads with the first run

        run_options = embedded_options(self.filename, **options) if options else self._plain_options()
        return run_program(self.source, self.filename, run_options, self.program,
                           count_steps=self.count_steps, inputs=self.inputs)

    def _plain_options(self) -> RunOptions:
        """The options of a run without options, rebuilt when the working directory or the
        settings generation changed since they were built (checking costs ~0.5 us)."""
        now = (working_directory(), settings.generation())
        known = self._default_options
        if known is not None and known[0] == now:
            return known[1]
        built = embedded_options(self.filename)
        self._default_options = (now, built)
        return built

    def __getstate__(self) -> dict[str, Any]:
        """Pickle the source, not the code object: the receiving process compiles it (through its
        caches) under the options of its own run."""
        return {"source": self.source, "filename": self.filename, "count_steps": self.count_steps,
                "inputs": sorted(self.inputs)}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.source = state["source"]
        self.filename = state["filename"]
        self.count_steps = state["count_steps"]
        self.inputs = frozenset(state.get("inputs") or ())
        self.program = None
        self._default_options = None


__all__ = ["Program"]
