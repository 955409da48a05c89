"""The cost of mlpy's security machinery, as ratios measured in one run on this machine.

1. Step counting: each program compiled with ``count_steps=False`` (no limits, no ``__ml_step()``
   calls) against the same program compiled with ``count_steps=True`` and run under a huge
   ``--max-steps`` and under a long ``--timeout``: a trivial loop, then the realistic programs of
   ``bench/run.py`` (recursive fib, quicksort on an array, string building, object access), each
   run as a whole program through ``CompiledML.run``. Plus the raw cost of one step, in ns.
2. Grant checks: ``require("read", path)`` per call, against a plain ``os.path.realpath``.
3. Sandbox start-up: ``mlpy.run("x = 1;")`` in-process against ``sandbox=True``.

Run with ``python bench/security.py``. Not a test: it prints, it asserts nothing, and it says so
and exits cleanly when a part of the pipeline it needs is missing. Timings are the best of several
interleaved repeats, so a busy machine disturbs the three variants alike.
"""

from __future__ import annotations

import importlib.util
import io
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent

LOOP_ML = """
function work(n) {
    total = 0;
    i = 0;
    while (i < n) {
        total = total + i % 7;
        i = i + 1;
    }
    return total;
}
function calls(n) {
    function inc(x) { return x + 1; }
    v = 0;
    for (k in range(n)) { v = inc(v); }
    return v;
}
a = work(300000);
b = calls(100000);
"""

DATA_ML = """
function random_ints(n, seed) {
    out = [];
    for (k in range(n)) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        out.append(seed % 1000000);
    }
    return out;
}
data = random_ints(20000, 7);
"""
"""The quicksort input, made in ML (a program cannot be handed host data)."""


def _core_sources() -> dict[str, str]:
    """The ML sources of ``bench/run.py`` (one copy of each algorithm)."""
    spec = importlib.util.spec_from_file_location("mlpy_bench_run", BENCH_DIR / "run.py")
    if spec is None or spec.loader is None:
        raise ImportError("bench/run.py not found")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return {"fib": module.FIB_ML, "quicksort": module.QUICKSORT_ML,
            "strings": module.STRINGS_ML, "objects": module.OBJECTS_ML}


def realistic_programs() -> list[tuple[str, str]]:
    """``(label, whole program)``: each algorithm of bench/run.py plus a top-level call."""
    src = _core_sources()
    return [
        ("recursive fib(24)", src["fib"] + "r = fib(24);"),
        ("quicksort 20k ints", src["quicksort"] + DATA_ML + "r = len(quicksort(data));"),
        ("string building 20k", src["strings"] + "r = build(20000);"),
        ("object access 200k", src["objects"] + "r = tally(200000);"),
    ]


def cpu_best_of(repeats: int, func: Callable[[], object]) -> float:
    """The minimum CPU time of this thread over ``repeats`` calls (seconds). CPU time, not wall
    time: on a shared, busy machine time spent descheduled would swamp a 10% difference."""
    times = []
    for _ in range(repeats):
        started = time.thread_time()
        func()
        times.append(time.thread_time() - started)
    return min(times)


def best_of(repeats: int, func: Callable[[], object]) -> float:
    """The minimum wall time of ``repeats`` calls (seconds): the least disturbed measurement."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return min(times)


def compare(source: str, label: str, repeats: int = 15) -> tuple[float, float]:
    """Print one line: run time without limits, with --max-steps, with --timeout; return ratios."""
    import mlpy

    plain = mlpy.compile(source, filename="bench.ml")
    counted = mlpy.compile(source, filename="bench.ml", count_steps=True)
    sink = io.StringIO()
    variants: list[Callable[[], Any]] = [
        lambda: plain.run(stdout=sink),
        lambda: counted.run(stdout=sink, max_steps=10**12),
        lambda: counted.run(stdout=sink, timeout=3600),
    ]
    results = [{k: v for k, v in variant().globals.items() if not callable(v)} for variant in variants]
    if not results[0] == results[1] == results[2]:
        raise AssertionError(f"{label}: step counting changed the result")
    best = [float("inf")] * 3
    for _ in range(repeats):  # interleaved, so machine noise hits all three alike
        for index, variant in enumerate(variants):
            best[index] = min(best[index], cpu_best_of(1, variant))
    base, steps, timed = best
    print(f"  {label:<21} no limits {base * 1000:7.1f} ms | --max-steps {steps * 1000:7.1f} ms "
          f"(x{steps / base:.2f}) | --timeout {timed * 1000:7.1f} ms (x{timed / base:.2f})")
    return steps / base, timed / base


def bench_step_counting() -> None:
    print("Step counting overhead, against the same program without step counting (thread CPU time)")
    compare(LOOP_ML, "trivial loop")
    ratios = [compare(source, label) for label, source in realistic_programs()]
    steps = statistics.geometric_mean(r[0] for r in ratios)
    timed = statistics.geometric_mean(r[1] for r in ratios)
    print(f"  {'realistic (geo mean)':<21} --max-steps x{steps:.3f} | --timeout x{timed:.3f}"
          "   [target <= 1.10x]")


def bench_step_cost() -> None:
    """ns per step: the per-run bound ``tick`` and the shared builtin ``step()`` fallback."""
    from mlpy.runtime.limits import Limits, run_scope, step

    n = 1_000_000

    def loop(func: Callable[[], object]) -> None:
        for _ in range(n):
            func()

    def empty() -> None:
        for _ in range(n):
            pass

    with run_scope(Limits(max_steps=10**12)) as meter:
        tick = meter.tick
        base = cpu_best_of(7, empty)
        bound = cpu_best_of(7, lambda: loop(tick))
        shared = cpu_best_of(7, lambda: loop(step))
    print(f"  one step              per-run tick {(bound - base) / n * 1e9:5.1f} ns | shared step() "
          f"fallback {(shared - base) / n * 1e9:5.1f} ns  (loop overhead removed)")


def bench_grant_checks(tmp: str) -> None:
    from mlpy.runtime.capabilities import Grants, require
    from mlpy.runtime.context import ExecutionContext, use

    target = os.path.join(tmp, "a", "b.txt")
    n = 20000
    ctx = ExecutionContext(grants=Grants.from_strings([f"read:{tmp}", f"deny-read:{tmp}/secret"]))

    def checks() -> None:
        with use(ctx):
            for _ in range(n):
                require("read", target, function="file.read")

    def realpaths() -> None:
        for _ in range(n):
            os.path.realpath(target)

    cost, base = best_of(3, checks), best_of(3, realpaths)
    print(f"grant check     require() {cost / n * 1e6:6.2f} us/call | realpath alone "
          f"{base / n * 1e6:6.2f} us/call (x{cost / base:.2f})")


def bench_sandbox_startup() -> None:
    import mlpy

    sink = io.StringIO()
    mlpy.run("x = 1;", stdout=sink)  # warm the compile cache
    inproc = [best_of(1, lambda: mlpy.run("x = 1;", stdout=sink)) for _ in range(10)]
    sandboxed = [best_of(1, lambda: mlpy.run("x = 1;", stdout=sink, sandbox=True)) for _ in range(5)]
    a, b = statistics.median(inproc), statistics.median(sandboxed)
    print(f"sandbox start   in-process {a * 1000:8.2f} ms | sandbox {b * 1000:8.1f} ms "
          f"(x{b / a:.0f}, +{(b - a) * 1000:.0f} ms per run)")


def main() -> int:
    import tempfile

    parts: list[tuple[str, Callable[[], None]]] = [
        ("step counting", bench_step_counting),
        ("step cost", bench_step_cost),
        ("sandbox start-up", bench_sandbox_startup),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        parts.insert(1, ("grant checks", lambda: bench_grant_checks(tmp)))
        print(f"mlpy security benchmarks (Python {sys.version.split()[0]})")
        for name, func in parts:
            try:
                func()
            except Exception as exc:  # the pipeline may be incomplete: report and carry on
                print(f"{name:15} skipped: {type(exc).__name__}: {exc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
