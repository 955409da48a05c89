"""mlpy's core benchmarks: compile speed, run time against hand-written Python, start-up.

Run with ``python bench/run.py``. Every figure is a ratio or rate measured in this one run on this
machine, against a baseline measured in the same run (the project's targets in brackets), as the
median CPU time of several repetitions. The run-time figures use small literal-fed programs that hit
the compiler's fast paths; ``bench/perf.py`` has the honest workload table. Not a test: it
prints, it asserts nothing.
"""

from __future__ import annotations

import gc
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FIB_ML = """
function fib(n) {
    if (n < 2) { return n; }
    return fib(n - 1) + fib(n - 2);
}
"""


def fib_py(n):
    if n < 2:
        return n
    return fib_py(n - 1) + fib_py(n - 2)


QUICKSORT_ML = """
function quicksort(arr) {
    if (len(arr) <= 1) { return arr; }
    pivot = arr[0];
    less = [];
    more = [];
    for (x in arr[1:]) {
        if (x < pivot) { less.append(x); } else { more.append(x); }
    }
    return quicksort(less) + [pivot] + quicksort(more);
}
"""


def quicksort_py(arr):
    if len(arr) <= 1:
        return arr
    pivot = arr[0]
    less = []
    more = []
    for x in arr[1:]:
        if x < pivot:
            less.append(x)
        else:
            more.append(x)
    return quicksort_py(less) + [pivot] + quicksort_py(more)


STRINGS_ML = """
function build(n) {
    s = "";
    for (i in range(n)) {
        s = s + str(i) + ",";
    }
    return len(s);
}
"""


def build_py(n):
    s = ""
    for i in range(n):
        s = s + str(i) + ","
    return len(s)


OBJECTS_ML = """
function tally(n) {
    counts = {a: 0, b: 0, total: 0};
    i = 0;
    while (i < n) {
        counts.a = counts.a + i;
        counts.b = counts.b + 1;
        counts.total = counts.a + counts.b;
        i = i + 1;
    }
    return counts.total;
}
"""


def tally_py(n):
    counts = {"a": 0, "b": 0, "total": 0}
    i = 0
    while i < n:
        counts["a"] = counts["a"] + i
        counts["b"] = counts["b"] + 1
        counts["total"] = counts["a"] + counts["b"]
        i = i + 1
    return counts["total"]


def best_of(func: Callable[[], object], repeat: int = 7) -> float:
    """The median of ``repeat`` timings (CPU seconds of this thread: steadier than wall time on a
    busy machine)."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.thread_time()
        func()
        times.append(time.thread_time() - start)
    return statistics.median(times)


def ml_function(source: str, name: str) -> Callable[..., object]:
    import mlpy

    return mlpy.run(source).globals[name]


def bench_runtime() -> None:
    import random

    rng = random.Random(7)
    data = [rng.randint(0, 10**6) for _ in range(20000)]
    cases = [
        ("recursive fib(24)", FIB_ML, "fib", fib_py, (24,)),
        ("quicksort 20k ints", QUICKSORT_ML, "quicksort", quicksort_py, (data,)),
        ("string building 20k", STRINGS_ML, "build", build_py, (20000,)),
        ("object access 200k", OBJECTS_ML, "tally", tally_py, (200000,)),
    ]
    print("Run time, ML vs the same algorithm in Python  [target <= 1.30x]")
    for label, source, name, py_func, args in cases:
        ml_func = ml_function(source, name)
        assert ml_func(*args) == py_func(*args), label
        py_time = best_of(lambda f=py_func, a=args: f(*a))
        ml_time = best_of(lambda f=ml_func, a=args: f(*a))
        print(f"  {label:<24} python {py_time * 1000:8.1f} ms   ml {ml_time * 1000:8.1f} ms"
              f"   ratio {ml_time / py_time:5.2f}x")


def compile_corpus(min_lines: int = 5000) -> str:
    """Realistic ML: every construct, repeated with fresh names until the corpus is large enough."""
    template = (ROOT / "bench" / "corpus_unit.ml").read_text(encoding="utf-8")
    parts = []
    lines = 0
    index = 0
    while lines < min_lines:
        part = template.replace("NN", str(index))
        parts.append(part)
        lines += part.count("\n")
        index += 1
    return "".join(parts)


def bench_compile() -> None:
    from mlpy.compiler import CompileOptions, compile_source
    from mlpy.language import parse

    corpus = compile_corpus()
    line_count = corpus.count("\n")
    options = CompileOptions()
    compile_source(corpus, "corpus.ml", options)  # warm up
    full = best_of(lambda: compile_source(corpus, "corpus.ml", options), repeat=5)
    parse_only = best_of(lambda: parse(corpus, "corpus.ml"), repeat=5)
    print(f"Compile speed over {line_count} lines  [target >= 50,000 lines/s]")
    print(f"  parse only                {line_count / parse_only:10,.0f} lines/s")
    print(f"  parse+checks+codegen+compile {line_count / full:7,.0f} lines/s")
    stages = compile_stages(corpus)
    front = stages["parse (incl. lex)"] + stages["resolve+checks"] + stages["codegen"]
    print(f"  parse+checks+codegen (front end only) {line_count / front:,.0f} lines/s")
    print("  stages, ms: " + "  ".join(f"{name} {seconds * 1000:.1f}" for name, seconds in stages.items()))


def compile_stages(corpus: str) -> dict[str, float]:
    """Best-of-5 seconds of each compile stage on ``corpus`` (the collector paused, as in
    ``compile_source``): where the time goes, for whoever works on compile speed next."""
    from mlpy.compiler.lowering import lower_program
    from mlpy.compiler.resolver import resolve
    from mlpy.language import parse
    from mlpy.language.lexer import tokenize

    program = parse(corpus, "corpus.ml")
    resolve(program, "corpus.ml", corpus)
    module = lower_program(program, "corpus.ml")
    steps: dict[str, Callable[[], object]] = {
        "lex": lambda: tokenize(corpus, "corpus.ml"),
        "parse (incl. lex)": lambda: parse(corpus, "corpus.ml"),
        "resolve+checks": lambda: resolve(program, "corpus.ml", corpus),
        "codegen": lambda: lower_program(program, "corpus.ml"),
        "python compile()": lambda: compile(module, "corpus.ml", "exec", dont_inherit=True),
    }
    timings: dict[str, float] = {}
    gc.disable()
    try:
        for name, step in steps.items():
            timings[name] = best_of(step, repeat=5)
    finally:
        gc.enable()
    return timings


def bench_startup() -> None:
    hello = ROOT / "examples" / "hello.ml"
    env = dict(os.environ)

    def timed(cmd: list[str]) -> float:
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
        return time.perf_counter() - start

    mlpy_cmd = [sys.executable, "-m", "mlpy", "run", str(hello)]
    timed(mlpy_cmd)  # fill the compile cache
    base = statistics.median(timed([sys.executable, "-c", "pass"]) for _ in range(15))
    ours = statistics.median(timed(mlpy_cmd) for _ in range(15))
    print("Start-up, `mlpy run examples/hello.ml` vs `python -c pass`  [target <= 3x]")
    print(f"  python -c pass {base * 1000:6.1f} ms   mlpy run {ours * 1000:6.1f} ms   ratio {ours / base:4.2f}x")


def main() -> None:
    sys.setrecursionlimit(10000)
    bench_compile()
    bench_runtime()
    bench_startup()


if __name__ == "__main__":
    main()
