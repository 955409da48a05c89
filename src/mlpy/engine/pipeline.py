"""The one run pipeline: source -> tokens -> AST -> checked AST -> Python code -> run -> result.

Every entry point (``mlpy run``, the embedding API, ``Program.run``, the sandbox child, pool
workers) builds its ``RunOptions`` once and calls ``run_source`` or ``run_program``; the REPL and
dev mode use the same steps (``compile_ml``, ``new_context``, ``check_requests``,
``execute_program``) one by one::

    compile_ml        language.parse -> compiler (resolve, check, lower) -> code, through the
                      in-memory LRU (engine.program_cache) and the disk cache
    check_requests    a ``capability`` block asking for more than was granted stops here
    new_context       the run's ExecutionContext, from the options
    execute_program   a fresh namespace (plus ``inputs``), run_scope(limits), exec
                      -> RunResult (globals, output, stats) | MLError (with .stats)
"""

from __future__ import annotations

import functools
import io
import sys
from time import monotonic
from typing import Any

from mlpy.compiler import CompiledProgram, CompileOptions, compile_cached
from mlpy.compiler.options import compile_deadline
from mlpy.engine.options import RunOptions, program_dir
from mlpy.engine.program_cache import PROGRAMS
from mlpy.engine.result import RunResult, host_view
from mlpy.engine.stats import CountingWriter, RunStats, Stopwatch
from mlpy.errors import MLCapabilityError, MLError
from mlpy.language.advice import capability_string, grant_spelling, speaking_to
from mlpy.language.deadline import compile_timeout
from mlpy.modules.system import MODULE_SYSTEM
from mlpy.runtime.context import ExecutionContext, current, use
from mlpy.runtime.limits import run_scope
from mlpy.runtime.namespace import ml_globals_view, new_globals
from mlpy.runtime.native_stack import on_native_stack
from mlpy.runtime.report import ml_errors

# Everything a run needs is imported once, here, not per run: a function-level import costs a
# lookup each call, and ``Program.run``'s whole overhead is a few microseconds.


def _cache_key(source: str, filename: str, count_steps: bool, known: frozenset[str]) -> tuple[Any, ...]:
    """What a compiled program depends on besides its text: the import check's view of modules."""
    ctx = current()
    return (source, filename, count_steps, known, tuple(ctx.extension_paths),
            tuple(ctx.ml_module_paths), ctx.main_dir)


@functools.lru_cache(maxsize=256)
def _lazy_import_checker(filename: str) -> Any:
    """The module system's import checker, loaded on the first import it checks: a cache hit never
    calls it, and must not pay for loading the parser and module discovery (start-up time).

    One per file name (the checker itself asks the run's context for the module paths when it
    checks, so runs under other paths can share it)."""
    checker: Any = None

    def check(path: list[str], node: Any) -> None:
        nonlocal checker
        if checker is None:
            from mlpy.modules.checks import make_import_checker

            checker = make_import_checker(filename)
        checker(path, node)

    return check


def _compile_options(filename: str, count_steps: bool, inputs: frozenset[str],
                     deadline: float | None = None) -> CompileOptions:
    if deadline is None:
        return _undated_compile_options(filename, count_steps, inputs)
    return CompileOptions(count_steps=count_steps, known_globals=inputs,
                          import_checker=_lazy_import_checker(filename), deadline=deadline)


@functools.lru_cache(maxsize=256)
def _undated_compile_options(filename: str, count_steps: bool, inputs: frozenset[str]) -> CompileOptions:
    """The (frozen) ``CompileOptions`` of a compile without a deadline, made once per file name,
    step counting and input names: building one costs about as much as a cache lookup."""
    return CompileOptions(count_steps=count_steps, known_globals=inputs,
                          import_checker=_lazy_import_checker(filename))


_COMPILER: list[Any] = []
"""``compiler.program.compile_source`` once a compile loaded it: the parser and the lowering load
with the first compile, not with the pipeline (a disk-cache hit never needs them)."""


def _compile_source() -> Any:
    if not _COMPILER:
        from mlpy.compiler.program import compile_source

        _COMPILER.append(compile_source)
    return _COMPILER[0]


def compile_ml(source: str, filename: str, *, count_steps: bool, cache: bool = True,
               inputs: frozenset[str] = frozenset(), deadline: float | None = None) -> CompiledProgram:
    """Compile ML source to a Python code object; imports are checked against the module system.

    Must run under the context of the run (``use(ctx)``): the import checker looks for ML modules
    in its paths. ``inputs`` are names the host will bind before the run starts. With ``cache`` the
    in-memory LRU is used, and for a program file also the disk cache. Raises
    ``MLSyntaxError``/``MLCompileError``, and ``MLTimeoutError`` past ``deadline`` (a
    ``time.monotonic()`` value: the run's time limit covers compiling).
    """
    if not cache:
        return _compile_source()(source, filename, _compile_options(filename, count_steps, inputs, deadline))
    key = _cache_key(source, filename, count_steps, inputs)
    program = PROGRAMS.get(key)
    if program is None:
        options = _compile_options(filename, count_steps, inputs, deadline)
        if filename.startswith("<"):
            # A source string, not a file: kept in memory only. A host running many different
            # scripts would otherwise write a disk entry per run that nothing ever reads again.
            program = _compile_source()(source, filename, options)
        else:
            program = compile_cached(source, filename, options)
        # The Python tree is only for ``mlpy transpile`` (which compiles with ``cache=False``):
        # kept programs hold the code alone, not a tree of some hundred nodes per line each.
        program.python_module = None  # a fresh object: compiled here or read from the disk cache
        PROGRAMS.put(key, program)
    return program


def new_context(options: RunOptions, filename: str, source: str) -> ExecutionContext:
    """The execution context of one run of ``filename`` under ``options`` (with the module system)."""
    return ExecutionContext(
        stdout=options.stdout if options.stdout is not None else sys.stdout,
        stderr=options.stderr if options.stderr is not None else sys.stderr,
        stdin=options.stdin if options.stdin is not None else sys.stdin,
        grants=options.grants,
        limits=options.limits,
        extension_paths=list(options.extension_paths),
        ml_module_paths=list(options.ml_module_paths),
        main_dir=program_dir(filename),
        argv=[filename, *options.argv],
        front_end=options.front_end,
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
        hint=_grant_hint(missing, options.front_end),
    )


def _grant_hint(missing: list[Any], front_end: str) -> str:
    """How the run's front end grants the missing requests (``--allow-read=/data``,
    ``capabilities=["read:/data"]``, ``.grant read:/data``)."""
    known = [request for request in missing if request.kind is not None]
    if front_end == "api":
        wanted = ", ".join(f'"{capability_string(r.kind, r.target)}"' for r in known)
        return f"grant them with capabilities=[{wanted}]"
    if front_end in ("repl", "dap"):
        return "grant them with " + ", ".join(grant_spelling(r.kind, r.target, front_end) for r in known)
    return ("grant them with the --allow-* flags (or capabilities=[...] in the API), e.g. "
            + ", ".join(request.flag for request in known))


def _bind_inputs(namespace: dict[str, Any], inputs: dict[str, Any] | None) -> None:
    """Bind the host's ``inputs`` as ML globals (copied as plain data; names mangled like ML's)."""
    if not inputs:
        return
    from mlpy.compiler.lowering.base import mangle
    from mlpy.engine.values import check_input_names, to_ml

    check_input_names(inputs)
    for name, value in inputs.items():
        namespace[mangle(name)] = to_ml(value, f"inputs[{name!r}]")


def execute_program(program: CompiledProgram, ctx: ExecutionContext, filename: str,
                    options: RunOptions | None = None, *, started: float | None = None) -> RunResult:
    """Run a compiled program in a fresh namespace under ``ctx`` and its limits.

    ``options`` adds the run's ``inputs``, output capture and cancel token; ``started`` (a
    ``time.monotonic()`` value) is when the run's clock started, if it ran while compiling. The result (or the
    ``MLError``, as ``err.stats``) carries the run's statistics.
    """
    with use(ctx), speaking_to(ctx.front_end):  # a module imported late compiles under it
        return _execute(program, ctx, filename, options, started)


def _execute(program: CompiledProgram, ctx: ExecutionContext, filename: str,
             options: RunOptions | None, started: float | None) -> RunResult:
    """``execute_program`` once ``ctx`` is the current context and its front end is spoken to
    (``run_program`` compiles and runs inside one such block). A helper thread that
    ``on_native_stack`` may run the program on inherits both (it runs in a copy of the context)."""
    captured = io.StringIO() if options is not None and options.capture_output else None
    counter = CountingWriter(captured if captured is not None else ctx.stdout)
    ctx.stdout = counter  # type: ignore[assignment]
    cancel = options.cancel if options is not None else None
    inputs = options.inputs if options is not None else None
    metered = cancel is not None
    limits = ctx.limits
    counted = metered or (limits is not None and limits.active())
    stats = RunStats(modules=[".".join(node.path) for node in program.imports] if program.imports else [])
    watch = Stopwatch()
    meter = None
    steps: int | None = None
    namespace: dict[str, Any] = {}

    def body() -> None:
        nonlocal meter, steps, namespace
        try:
            with run_scope(limits, metered=metered, started=started) as meter:
                if cancel is not None:
                    cancel.attach(meter)
                namespace = new_globals(filename)  # inside the scope: binds the run's __ml_step
                if inputs:
                    _bind_inputs(namespace, dict(inputs))
                try:
                    with ml_errors(ctx.sources):  # report.execute, already under use(ctx)
                        exec(program.code, namespace)  # noqa: S102 - compiled ML
                finally:
                    steps = meter.steps  # before the scope ends and drops the window
        finally:
            if cancel is not None and meter is not None:
                cancel.detach(meter)
            ctx.close_handles()

    try:
        on_native_stack(body)  # a host's raised recursion limit must not let C recursion crash it
    except MLError as error:
        error.stats = _finish(stats, watch, steps if counted else None, counter)
        raise
    finally:
        ctx.stdout = counter.stream
    return RunResult(globals=host_view(ml_globals_view(namespace), ctx), filename=filename,
                     output=captured.getvalue() if captured is not None else None,
                     stats=_finish(stats, watch, steps if counted else None, counter),
                     _ctx=ctx, _counted=counted)


def _finish(stats: RunStats, watch: Stopwatch, steps: int | None, counter: CountingWriter) -> RunStats:
    """Fill in the time, output and (for a metered run) step counters."""
    watch.fill(stats)
    stats.output_bytes = counter.bytes
    stats.steps = steps
    return stats


_NO_INPUTS: frozenset[str] = frozenset()


def run_program(source: str, filename: str, options: RunOptions,
                program: CompiledProgram | None = None, *, count_steps: bool = False,
                inputs: frozenset[str] = frozenset()) -> RunResult:
    """Run ``source`` (already compiled as ``program`` with ``count_steps`` and expecting the input
    names ``inputs``, or not) under ``options``; raises only ``MLError``s. Compiles (through the
    caches) when ``program`` is missing, lacks the step counting the limits need, or was not
    compiled for the run's inputs."""
    if options.sandbox:
        from mlpy.engine.sandbox import run_sandboxed

        return run_sandboxed(source, filename, options)
    ctx = new_context(options, filename, source)
    needs_steps = options.limits.active() or options.cancel is not None
    wanted = frozenset(options.inputs) if options.inputs else _NO_INPUTS
    compile_now = program is None or (needs_steps and not count_steps) or not wanted <= inputs
    timeout = options.limits.timeout
    started = None
    with use(ctx), speaking_to(options.front_end):  # one block for compiling and running
        if compile_now:
            # The time limit covers compiling: a huge program must not outlast it unseen.
            started = monotonic() if timeout is not None else None
            program = compile_ml(source, filename, count_steps=needs_steps, cache=options.cache,
                                 inputs=wanted, deadline=None if started is None
                                 else compile_deadline(started, timeout))
            if not options.cache:
                # Compiled afresh for this run alone: its Python tree (only ``mlpy transpile``
                # reads one, through ``compile_for``) goes now, not after the run.
                program.python_module = None
            if started is not None and timeout is not None and monotonic() >= started + timeout:
                # Python's compile() of a huge program runs after the compiler's last deadline
                # check: a program whose compile used up the limit does not start at all.
                raise compile_timeout(filename)
        assert program is not None
        check_requests(program, options, filename)
        return _execute(program, ctx, filename, options, started)


def run_source(source: str, filename: str, options: RunOptions) -> RunResult:
    """Compile and run ML source under ``options``: the pipeline every entry point calls."""
    return run_program(source, filename, options)


def compile_for(source: str, filename: str, options: RunOptions, *, count_steps: bool,
                inputs: frozenset[str] = frozenset(), deadline: float | None = None) -> Any:
    """Compile ``source`` under the module paths of ``options`` (for ``mlpy.compile``), stopping
    with ``MLTimeoutError`` past ``deadline`` (a ``time.monotonic()`` value)."""
    ctx = new_context(options, filename, source)
    with use(ctx), speaking_to(options.front_end):
        return compile_ml(source, filename, count_steps=count_steps, cache=options.cache, inputs=inputs,
                          deadline=deadline)


__all__ = [
    "check_requests",
    "compile_for",
    "compile_ml",
    "execute_program",
    "new_context",
    "run_program",
    "run_source",
]
