"""The cost of mlpy's security machinery, as ratios measured in one run on this machine.

1. Step counting: the same loop-heavy ML program compiled with ``count_steps=False`` (no limits,
   no ``__ml_step()`` calls) and with ``count_steps=True`` run under a huge ``--max-steps``.
2. Grant checks: ``require("read", path)`` per call, against a plain ``os.path.realpath``.
3. Sandbox start-up: ``mlpy.run("x = 1;")`` in-process against ``sandbox=True``.

Run with ``python bench/security.py``. Not a test: it prints, it asserts nothing, and it says so
and exits cleanly when a part of the pipeline it needs is missing.
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import time
from collections.abc import Callable

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


def best_of(repeats: int, func: Callable[[], object]) -> float:
    """The minimum wall time of ``repeats`` calls (seconds): the least disturbed measurement."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return min(times)


def bench_step_counting() -> None:
    import mlpy

    plain = mlpy.compile(LOOP_ML, filename="loop.ml")
    counted = mlpy.compile(LOOP_ML, filename="loop.ml", count_steps=True)
    sink = io.StringIO()
    base = best_of(5, lambda: plain.run(stdout=sink))
    steps = best_of(5, lambda: counted.run(stdout=sink, max_steps=10**12))
    timed = best_of(5, lambda: counted.run(stdout=sink, timeout=3600))
    print(f"step counting   no limits {base * 1000:8.1f} ms | --max-steps {steps * 1000:8.1f} ms "
          f"(x{steps / base:.2f}) | --timeout {timed * 1000:8.1f} ms (x{timed / base:.2f})")


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
