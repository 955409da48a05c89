"""The embedding API: compile and run ML programs from a Python host.

A thin layer over ``mlpy.engine``: each function turns its keyword arguments into one
``RunOptions`` (``engine.options.build_options``) and calls the run pipeline
(``engine.pipeline``). Everything the host sees is an ``MLError`` subclass or a ``RunResult``.
"""

from __future__ import annotations

import operator
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from mlpy.engine.options import embedded_options
from mlpy.engine.program import Program
from mlpy.engine.result import RunResult

if TYPE_CHECKING:
    from mlpy.engine.pool import SandboxPool


def __getattr__(name: str) -> Any:
    """``SandboxPool`` loads the pool machinery on first use."""
    if name == "SandboxPool":
        from mlpy.engine.pool import SandboxPool

        return SandboxPool
    raise AttributeError(f"module 'mlpy.api' has no attribute {name!r}")

CompiledML = Program
"""The former name of ``Program``; kept for existing hosts."""


def compile(  # noqa: A001 - the public name of the embedding API
    source: str,
    filename: str = "<string>",
    *,
    extension_paths: Sequence[str] | None = None,
    ml_module_paths: Sequence[str] | None = None,
    count_steps: bool = False,
    inputs: Iterable[str] = (),
    project_file: bool | str | os.PathLike[str] = False,
) -> Program:
    """Compile ML source into a reusable, picklable ``Program``; raises ``MLSyntaxError``/
    ``MLCompileError``. ``inputs`` names the globals the host will pass with ``run(inputs=...)``."""
    from mlpy.engine.pipeline import compile_for

    options = embedded_options(filename, extension_paths=extension_paths, ml_module_paths=ml_module_paths,
                               project_file=project_file)
    names = frozenset(inputs)
    program = compile_for(source, filename, options, count_steps=count_steps, inputs=names)
    return Program(source=source, filename=filename, program=program, count_steps=count_steps,
                   inputs=names)


def run(
    source: str,
    *,
    filename: str = "<string>",
    capabilities: Iterable[str] | Any | None = None,
    timeout: float | None = None,
    max_steps: int | None = None,
    max_memory: int | None = None,
    max_output: int | None = None,
    max_recursion: int | None = None,
    extension_paths: Sequence[str] | None = None,
    ml_module_paths: Sequence[str] | None = None,
    argv: Sequence[str] | None = None,
    inputs: Mapping[str, Any] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    stdin: TextIO | None = None,
    capture_output: bool = False,
    project_file: bool | str | os.PathLike[str] = False,
    cache: bool = True,
    sandbox: bool = False,
    enforce_requests: bool = True,
) -> RunResult:
    """Compile and run ML source; returns a ``RunResult`` or raises an ``MLError``.

    Isolation from the host by default: ``input()`` reads only ``stdin`` (nothing given: end of
    input), ``capture_output=True`` collects the output in ``result.output`` (else it goes to
    ``stdout``, default ``sys.stdout``), ``console.error``/``warn`` and ``log`` lines go to
    ``stderr`` (default ``sys.stderr``; ``max_output`` counts both streams), and an ``mlpy.toml``
    is read only with ``project_file=True`` (searched upward from ``filename``) or a path. ``inputs`` binds host values (plain data) as ML
    globals. ``max_memory`` needs ``sandbox=True`` (or a ``mlpy.SandboxPool``).
    """
    given = _given_options(
        (capabilities, timeout, max_steps, max_memory, max_output, max_recursion, extension_paths,
         ml_module_paths, argv, inputs, stdout, stderr, stdin, capture_output, project_file, cache,
         sandbox, enforce_requests))
    return (_run_source or _load_run_source())(source, filename, embedded_options(filename, **given))


_RUN_DEFAULTS: tuple[tuple[str, Any], ...] = (
    ("capabilities", None), ("timeout", None), ("max_steps", None), ("max_memory", None),
    ("max_output", None), ("max_recursion", None), ("extension_paths", None),
    ("ml_module_paths", None), ("argv", None), ("inputs", None), ("stdout", None),
    ("stderr", None), ("stdin", None), ("capture_output", False), ("project_file", False),
    ("cache", True), ("sandbox", False), ("enforce_requests", True),
)
"""``run``'s keyword options after ``filename``, in order, with their defaults."""

_DEFAULT_VALUES = tuple(default for _name, default in _RUN_DEFAULTS)


def _given_options(values: tuple[Any, ...]) -> dict[str, Any]:
    """The options of a ``run`` call that differ from the defaults (by identity: ``cache=1`` is
    passed on as given). An option left at its default is the same as one not given, so the
    options key of ``embedded_options`` stays small, and the same for every spelling of a call."""
    if all(map(operator.is_, values, _DEFAULT_VALUES)):  # the common call: a C-level pass
        return {}
    return {name: value for (name, default), value in zip(_RUN_DEFAULTS, values, strict=True)
            if value is not default}


_run_source: Any = None
"""``engine.pipeline.run_source``, once the first run loaded it (it pulls in the compiler and the
runtime, which ``import mlpy`` alone must not pay for)."""


def _load_run_source() -> Any:
    global _run_source
    from mlpy.engine.pipeline import run_source

    _run_source = run_source
    return run_source


async def run_async(source: str, **options: Any) -> RunResult:
    """``await`` an ML run (keyword options as ``run``); cancelling the awaiting task stops it
    (in process at its next step; with ``sandbox=True`` its process is killed)."""
    from mlpy.engine import aio

    return await aio.run_async(source, **options)


def run_file(path: str | os.PathLike[str], **options: Any) -> RunResult:
    """Read and run an ``.ml`` file; module imports resolve relative to its directory."""
    from mlpy.language.source_file import read_source

    file_path = Path(path)
    return run(read_source(file_path), filename=str(file_path), **options)


__all__ = ["CompiledML", "Program", "RunResult", "SandboxPool", "compile", "run", "run_async", "run_file"]
