"""The embedding API (SPEC §7): compile and run ML programs from a Python host.

One pipeline serves the API, ``mlpy run`` and the sandbox child: resolve module paths, build the
grants and limits, compile (through the cache), refuse to start when a ``capability`` request is not
granted, then execute in a fresh namespace under an execution context. Everything the host sees is an
``MLError`` subclass or a ``RunResult``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from mlpy.errors import MLCapabilityError, MLError


@dataclass
class RunResult:
    """What a finished run leaves: the program's top-level ML variables (``globals``)."""

    globals: dict[str, Any] = field(default_factory=dict)
    filename: str = "<string>"


@dataclass
class CompiledML:
    """A compiled, reusable program: run it many times with ``run()``."""

    source: str
    filename: str
    program: Any
    """The ``mlpy.compiler.CompiledProgram``."""
    count_steps: bool = False
    """Compiled with step counting (a run with limits recompiles, through the cache, otherwise)."""

    def run(self, **options: Any) -> RunResult:
        """Run this program; the keyword options are those of ``mlpy.run``."""
        return _run_compiled(self, **options)


def _program_dir(filename: str) -> str | None:
    if filename.startswith("<"):
        return None
    return str(Path(filename).resolve().parent)


def _resolve_module_paths(
    extension_paths: Sequence[str] | None, ml_module_paths: Sequence[str] | None, filename: str
) -> tuple[list[str], list[str], Any]:
    """Merge module paths from the caller, the project file and the environment (CLI first)."""
    from mlpy.config import resolve_paths

    return resolve_paths(list(extension_paths or []), list(ml_module_paths or []), _program_dir(filename))


def _make_grants(capabilities: Iterable[str] | Any | None, config: Any = None) -> Any:
    from mlpy.runtime.capabilities import Grants

    if isinstance(capabilities, Grants):
        grants = capabilities
    else:
        try:
            grants = Grants.from_strings(list(capabilities or []))
        except ValueError as exc:
            raise MLCapabilityError(f"invalid capability: {exc}", kind="CapabilityError") from None
    if config is not None:
        from mlpy.config import capability_strings

        project_grants = capability_strings(config)
        if project_grants:
            try:
                grants = grants.merge(Grants.from_strings(project_grants))
            except ValueError as exc:
                raise MLCapabilityError(f"invalid capability in {config.path}: {exc}") from None
    return grants


def _compile(source: str, filename: str, *, count_steps: bool) -> Any:
    from mlpy.compiler import CompileOptions, compile_cached
    from mlpy.runtime.importer import make_import_checker

    options = CompileOptions(count_steps=count_steps, import_checker=make_import_checker(filename))
    return compile_cached(source, filename, options)


def compile(  # noqa: A001 - the public name SPEC §7 asks for
    source: str,
    filename: str = "<string>",
    *,
    extension_paths: Sequence[str] | None = None,
    ml_module_paths: Sequence[str] | None = None,
    count_steps: bool = False,
) -> CompiledML:
    """Compile ML source into a reusable program; raises ``MLSyntaxError``/``MLCompileError``."""
    from mlpy.runtime.context import ExecutionContext, use

    ext, ml, _config = _resolve_module_paths(extension_paths, ml_module_paths, filename)
    ctx = ExecutionContext(
        extension_paths=ext, ml_module_paths=ml, main_dir=_program_dir(filename),
        sources={filename: source},
    )
    with use(ctx):
        program = _compile(source, filename, count_steps=count_steps)
    return CompiledML(source=source, filename=filename, program=program, count_steps=count_steps)


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
    stdout: TextIO | None = None,
    stdin: TextIO | None = None,
    sandbox: bool = False,
    enforce_requests: bool = True,
) -> RunResult:
    """Compile and run ML source; returns its top-level variables or raises an ``MLError``."""
    if sandbox:
        import subprocess

        from mlpy.runtime.sandbox import run_in_sandbox

        return _from_sandbox(run_in_sandbox(
            source, filename=filename, grants=_make_grants(capabilities),
            limits=_make_limits(timeout, max_steps, max_memory, max_output, max_recursion),
            extension_paths=list(extension_paths or []), ml_module_paths=list(ml_module_paths or []),
            argv=list(argv or []), stdout=stdout, stderr=None,
            stdin=stdin if stdin is not None else subprocess.DEVNULL,
        ), filename)
    compiled = CompiledML(source=source, filename=filename, program=None)
    return _run_compiled(
        compiled, capabilities=capabilities, timeout=timeout, max_steps=max_steps,
        max_memory=max_memory, max_output=max_output, max_recursion=max_recursion,
        extension_paths=extension_paths, ml_module_paths=ml_module_paths, argv=argv,
        stdout=stdout, stdin=stdin, enforce_requests=enforce_requests,
    )


def run_file(path: str | os.PathLike[str], **options: Any) -> RunResult:
    """Read and run an ``.ml`` file; module imports resolve relative to its directory."""
    file_path = Path(path)
    try:
        source = file_path.read_text(encoding="utf-8")
    except OSError as exc:
        raise MLError(f"cannot read {file_path}: {exc.strerror}", str(file_path), kind="IOError") from None
    return run(source, filename=str(file_path), **options)


def _make_limits(timeout: float | None, max_steps: int | None, max_memory: int | None,
                 max_output: int | None, max_recursion: int | None) -> Any:
    from mlpy.runtime.limits import Limits

    return Limits(timeout=timeout, max_steps=max_steps, max_memory_mb=max_memory,
                  max_output_bytes=max_output, max_recursion=max_recursion)


def _from_sandbox(result: Any, filename: str) -> RunResult:
    if getattr(result, "error", None) is not None:
        raise result.error
    return RunResult(globals=dict(getattr(result, "globals", {}) or {}), filename=filename)


def _check_requests(program: Any, grants: Any, filename: str) -> None:
    """Refuse to start when a ``capability`` block requests a grant that was not given (SPEC §4)."""
    decls = getattr(program, "capability_requests", None)
    if not decls:
        return
    from mlpy.runtime.capabilities import missing_requests, requests_from_decls

    missing = missing_requests(requests_from_decls(decls), grants)
    if not missing:
        return
    first = missing[0]
    lines = [str(request) for request in missing]
    raise MLCapabilityError(
        "the program requests capabilities that were not granted: " + "; ".join(lines),
        filename, getattr(first, "line", None), getattr(first, "column", None),
        hint="grant them with the --allow-* flags (or capabilities=[...] in the API), e.g. "
        + ", ".join(getattr(r, "flag", "") for r in missing if getattr(r, "flag", "")),
    )


def _run_compiled(
    compiled: CompiledML,
    *,
    capabilities: Iterable[str] | Any | None = None,
    timeout: float | None = None,
    max_steps: int | None = None,
    max_memory: int | None = None,
    max_output: int | None = None,
    max_recursion: int | None = None,
    extension_paths: Sequence[str] | None = None,
    ml_module_paths: Sequence[str] | None = None,
    argv: Sequence[str] | None = None,
    stdout: TextIO | None = None,
    stdin: TextIO | None = None,
    enforce_requests: bool = True,
) -> RunResult:
    from mlpy.runtime.context import ExecutionContext, use
    from mlpy.runtime.limits import run_scope
    from mlpy.runtime.namespace import ml_globals_view, new_globals
    from mlpy.runtime.report import execute

    filename = compiled.filename
    ext, ml, config = _resolve_module_paths(extension_paths, ml_module_paths, filename)
    grants = _make_grants(capabilities, config)
    limits = _make_limits(timeout, max_steps, max_memory, max_output, max_recursion)
    ctx = ExecutionContext(
        stdout=stdout if stdout is not None else sys.stdout,
        stdin=stdin if stdin is not None else sys.stdin,
        grants=grants,
        limits=limits,
        extension_paths=ext,
        ml_module_paths=ml,
        main_dir=_program_dir(filename),
        argv=[filename, *(argv or [])],
        sources={filename: compiled.source},
    )
    with use(ctx):
        program = compiled.program
        if program is None or (limits.active() and not compiled.count_steps):
            program = _compile(compiled.source, filename, count_steps=limits.active())
        if enforce_requests:
            _check_requests(program, grants, filename)
        with run_scope(limits):
            namespace = new_globals(filename)  # inside the scope: binds the run's own __ml_step
            execute(program.code, namespace, ctx)
    return RunResult(globals=_host_view(ml_globals_view(namespace), ctx), filename=filename)


def _host_view(ml_globals: dict[str, Any], ctx: Any) -> dict[str, Any]:
    """``result.globals`` for the host: ML functions become host callables (see ``_host_callable``)."""
    import types

    return {name: _host_callable(value, ctx) if isinstance(value, types.FunctionType) else value
            for name, value in ml_globals.items()}


def _host_callable(function: Any, ctx: Any) -> Any:
    """Wrap an ML function so a host call behaves like the run it came from (SPEC §7).

    The call runs under the run's execution context (its ``stdout``, capabilities and sources, so
    ``print`` goes where the program's output went and no more is allowed than was granted), and an
    error escaping it is an ``MLError`` with an ML position and call chain, never a raw Python
    exception; a returned ML function is wrapped the same way. The run's limits (timeout, steps) are not re-armed: the host decides how long it calls.
    """
    import functools
    import types

    from mlpy.runtime.context import use
    from mlpy.runtime.report import to_ml_error

    @functools.wraps(function)
    def call(*args: Any) -> Any:
        with use(ctx):
            try:
                result = function(*args)
            except KeyboardInterrupt:
                raise
            except BaseException as exc:  # noqa: BLE001 - every escape becomes an MLError
                error = to_ml_error(exc, ctx.sources)
                if error is exc:
                    raise
                raise error from exc
        # A returned closure (``function mk(n) { return fn(x) => x + n; }``) behaves the same way.
        return _host_callable(result, ctx) if isinstance(result, types.FunctionType) else result

    return call


__all__ = ["CompiledML", "RunResult", "compile", "run", "run_file"]
