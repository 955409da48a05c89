"""The one run pipeline: source -> tokens -> AST -> checked AST -> Python code -> run -> result.

Every entry point (``mlpy run``, the embedding API, ``Program.run``, the sandbox child) builds its
``RunOptions`` once and calls ``run_source`` or ``run_program``; the REPL and dev mode use the same
steps (``compile_ml``, ``new_context``, ``check_requests``, ``execute_program``) one by one::

    compile_ml        language.parse -> compiler (resolve, check, lower) -> code, through the cache
    check_requests    a ``capability`` block asking for more than was granted stops here
    new_context       the run's ExecutionContext, from the options
    execute_program   a fresh namespace, run_scope(limits), exec -> RunResult | MLError
"""

from __future__ import annotations

import sys
from typing import Any

from mlpy.compiler import CompiledProgram, CompileOptions
from mlpy.engine.options import RunOptions, program_dir
from mlpy.engine.result import RunResult, host_view
from mlpy.errors import MLCapabilityError
from mlpy.runtime.context import ExecutionContext, use


def compile_ml(source: str, filename: str, *, count_steps: bool, cache: bool = True) -> CompiledProgram:
    """Compile ML source to a Python code object; imports are checked against the module system.

    Must run under the context of the run (``use(ctx)``): the import checker looks for ML modules
    in its paths. Raises ``MLSyntaxError``/``MLCompileError``.
    """
    from mlpy.modules.checks import make_import_checker

    options = CompileOptions(count_steps=count_steps, import_checker=make_import_checker(filename))
    if cache:
        from mlpy.compiler import compile_cached

        return compile_cached(source, filename, options)
    from mlpy.compiler.program import compile_source

    return compile_source(source, filename, options)


def new_context(options: RunOptions, filename: str, source: str) -> ExecutionContext:
    """The execution context of one run of ``filename`` under ``options`` (with the module system)."""
    from mlpy.modules.system import MODULE_SYSTEM

    return ExecutionContext(
        stdout=options.stdout if options.stdout is not None else sys.stdout,
        stdin=options.stdin if options.stdin is not None else sys.stdin,
        grants=options.grants,
        limits=options.limits,
        extension_paths=list(options.extension_paths),
        ml_module_paths=list(options.ml_module_paths),
        main_dir=program_dir(filename),
        argv=[filename, *options.argv],
        sources={filename: source},
        importer=MODULE_SYSTEM,
    )


def check_requests(program: CompiledProgram, options: RunOptions, filename: str) -> None:
    """Refuse to start when a ``capability`` block requests a grant that was not given."""
    if not options.enforce_requests or not program.capability_requests:
        return
    from mlpy.runtime.capabilities import missing_requests, requests_from_decls

    missing = missing_requests(requests_from_decls(program.capability_requests), options.grants)
    if not missing:
        return
    first = missing[0]
    raise MLCapabilityError(
        "the program requests capabilities that were not granted: "
        + "; ".join(str(request) for request in missing),
        filename, first.line, first.column,
        hint="grant them with the --allow-* flags (or capabilities=[...] in the API), e.g. "
        + ", ".join(request.flag for request in missing if request.flag),
    )


def execute_program(program: CompiledProgram, ctx: ExecutionContext, filename: str) -> RunResult:
    """Run a compiled program in a fresh namespace under ``ctx`` and its limits."""
    from mlpy.runtime.limits import run_scope
    from mlpy.runtime.namespace import ml_globals_view, new_globals
    from mlpy.runtime.report import execute

    with use(ctx):
        try:
            with run_scope(ctx.limits):
                namespace = new_globals(filename)  # inside the scope: binds the run's own __ml_step
                execute(program.code, namespace, ctx)
        finally:
            ctx.close_handles()
    return RunResult(globals=host_view(ml_globals_view(namespace), ctx), filename=filename)


def run_program(source: str, filename: str, options: RunOptions,
                program: CompiledProgram | None = None, *, count_steps: bool = False) -> RunResult:
    """Run ``source`` (already compiled as ``program`` with ``count_steps``, or not) under
    ``options``; raises only ``MLError``s. Compiles (through the cache) when ``program`` is missing
    or lacks the step counting the limits need."""
    if options.sandbox:
        from mlpy.engine.sandbox import run_sandboxed

        return run_sandboxed(source, filename, options)
    ctx = new_context(options, filename, source)
    needs_steps = options.limits.active()
    with use(ctx):
        if program is None or (needs_steps and not count_steps):
            program = compile_ml(source, filename, count_steps=needs_steps, cache=options.cache)
        check_requests(program, options, filename)
    return execute_program(program, ctx, filename)


def run_source(source: str, filename: str, options: RunOptions) -> RunResult:
    """Compile and run ML source under ``options``: the pipeline every entry point calls."""
    return run_program(source, filename, options)


def compile_for(source: str, filename: str, options: RunOptions, *, count_steps: bool) -> Any:
    """Compile ``source`` under the module paths of ``options`` (for ``mlpy.compile``)."""
    ctx = new_context(options, filename, source)
    with use(ctx):
        return compile_ml(source, filename, count_steps=count_steps, cache=options.cache)


__all__ = [
    "check_requests",
    "compile_for",
    "compile_ml",
    "execute_program",
    "new_context",
    "run_program",
    "run_source",
]
