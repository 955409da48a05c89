"""The performance table: ML against CPython on four workloads, with and without limits, start-up.

Run with ``python bench/perf.py`` (``--runs N`` fresh processes per cell, default 5; ``--quick`` for
3). Times are CPU time (of the running thread; of the whole child for start-up), not wall time, so
that other work on a shared machine disturbs them less. Every cell is measured in its own fresh
process, the engines of one workload taking turns: the child compiles the program and runs it
once on a tiny input (untimed: first-use imports belong to start-up), then times one execution. The table shows medians and, in brackets, the spread (lowest and
highest run) as ratios to the CPython median of the same workload, all measured in this one
invocation. ML and Python must leave the same checksum in ``result`` or the bench stops.

Engines: ``python`` (CPython ``exec``), ``mlpy`` (``Program.run``), ``mlpy+limits`` (the same with
``max_steps`` and ``timeout`` set, so the code counts steps), and, when installed, the peers:
RestrictedPython (the same Python source, ``compile_restricted`` with its default guards),
Starlark (``starlark-go``, the same Python source; recursion allowed) and Lua (``lupa``, the
``lua`` text of each workload). They are measured for comparison only, never dependencies of mlpy.
The Go and Lua engines run in the calling thread, but Go's garbage collector may use other
threads, which thread CPU time does not see.

Start-up runs ``python -m compileall -q src`` first, so every figure is with bytecode cached; the
ML program's compile cache is filled by one untimed run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from workloads import WORKLOADS, Workload  # noqa: E402

ENGINES = ("python", "mlpy", "mlpy+limits", "restrictedpython", "starlark", "lua")
PEERS = {"restrictedpython": "RestrictedPython", "starlark": "starlark_go", "lua": "lupa"}
"""Peer engines and the module each needs (measured only when it is installed)."""


# ----------------------------------------------------------------------------- child side


def _small(work: Workload) -> list[str]:
    """The workload's arguments with the size (the first one) cut to 3: for the untimed warm-up."""
    return ["3", *work.argv[1:]]


def _run_python(work: Workload) -> tuple[float, Any]:
    code = compile(work.python, f"{work.name}.py", "exec")
    exec(code, {"argv": _small(work)})  # noqa: S102 - warm-up, as for the other engines
    namespace: dict[str, Any] = {"argv": list(work.argv)}
    start = time.thread_time()
    exec(code, namespace)  # noqa: S102 - the bench's own source
    return time.thread_time() - start, namespace["result"]


def _run_restricted(work: Workload) -> tuple[float, Any]:
    from RestrictedPython import compile_restricted, limited_builtins, safe_builtins
    from RestrictedPython.Eval import default_guarded_getitem
    from RestrictedPython.Guards import full_write_guard, guarded_iter_unpack_sequence

    code = compile_restricted(work.python, f"{work.name}.py", "exec")
    # its own range() stops at 1,000 items; the workloads need Python's
    builtins = {**safe_builtins, **limited_builtins, "range": range}

    def namespace_for(argv: list[str]) -> dict[str, Any]:
        return {
            "__builtins__": builtins, "argv": argv, "_getitem_": default_guarded_getitem,
            "_getiter_": iter, "_write_": full_write_guard, "_getattr_": getattr,
            "_iter_unpack_sequence_": guarded_iter_unpack_sequence, "__name__": "restricted",
            "_inplacevar_": _inplace,
        }

    exec(code, namespace_for(_small(work)))  # noqa: S102 - warm-up
    namespace = namespace_for(list(work.argv))
    start = time.thread_time()
    exec(code, namespace)  # noqa: S102 - the bench's own source
    return time.thread_time() - start, namespace["result"]


def _inplace(op: str, x: Any, y: Any) -> Any:
    """RestrictedPython's hook for ``x op= y``."""
    if op == "+=":
        return x + y
    raise ValueError(op)


def _run_starlark(work: Workload) -> tuple[float, Any]:
    import starlark_go

    starlark_go.configure_starlark(allow_recursion=True)

    def run(argv: list[str]) -> tuple[float, Any]:
        interpreter = starlark_go.Starlark()
        interpreter.set(argv=argv)
        start = time.thread_time()
        interpreter.exec(work.python, filename=f"{work.name}.star")
        seconds = time.thread_time() - start
        return seconds, interpreter.get("result")

    run(_small(work))  # warm-up
    return run(list(work.argv))


def _run_lua(work: Workload) -> tuple[float, Any]:
    import lupa

    def run(argv: list[str]) -> tuple[float, Any]:
        runtime = lupa.LuaRuntime()
        chunk = runtime.eval(f"function(argv) {work.lua} end")
        table = runtime.table_from(argv)
        start = time.thread_time()
        result = chunk(table)
        return time.thread_time() - start, result

    run(_small(work))  # warm-up
    return run(list(work.argv))


def _run_mlpy(work: Workload, limits: bool) -> tuple[float, Any]:
    import mlpy

    program = mlpy.compile(work.ml, f"{work.name}.ml", count_steps=limits)
    options: dict[str, Any] = {}
    if limits:
        options.update(max_steps=10**10, timeout=3600.0)
    program.run(argv=_small(work), **options)  # warm-up: first-use imports are start-up, not work
    options["argv"] = list(work.argv)
    start = time.thread_time()
    result = program.run(**options)
    return time.thread_time() - start, result.globals["result"]


def child(engine: str, name: str) -> None:
    """Time one run of workload ``name`` on ``engine``; print ``{"seconds", "result"}`` as JSON."""
    work = next(w for w in WORKLOADS if w.name == name)
    if engine == "python":
        seconds, result = _run_python(work)
    elif engine == "restrictedpython":
        seconds, result = _run_restricted(work)
    elif engine == "starlark":
        seconds, result = _run_starlark(work)
    elif engine == "lua":
        seconds, result = _run_lua(work)
    else:
        seconds, result = _run_mlpy(work, limits=engine == "mlpy+limits")
    print(json.dumps({"seconds": seconds, "result": result}))


# ----------------------------------------------------------------------------- parent side


def available(engine: str) -> bool:
    """Whether ``engine`` can run here (the peers are optional)."""
    module = PEERS.get(engine)
    if module is None:
        return True
    import importlib.util

    return importlib.util.find_spec(module) is not None


def measure(engine: str, work: Workload, runs: int) -> tuple[list[float], Any]:
    """``runs`` fresh-process CPU timings of ``work`` on ``engine`` and the checksum they agree on."""
    times: list[float] = []
    result: Any = None
    for _ in range(runs):
        out = subprocess.run([sys.executable, __file__, "--child", engine, work.name], check=True,
                             capture_output=True, text=True, cwd=ROOT).stdout
        data = json.loads(out.strip().splitlines()[-1])
        if result is not None and data["result"] != result:
            raise SystemExit(f"{engine} {work.name}: checksum changed between runs")
        result = data["result"]
        times.append(data["seconds"])
    return times, result


def workload_table(runs: int, names: list[str] | None = None) -> None:
    engines = [e for e in ENGINES if available(e)]
    print(f"Workloads: median CPU time of {runs} fresh processes, ratio to CPython [lowest-highest]; "
          "seconds for CPython")
    header = "| workload | " + " | ".join(engines) + " |"
    print(header)
    print("|" + "---|" * (len(engines) + 1))
    for work in WORKLOADS:
        if names and work.name not in names:
            continue
        cells: list[str] = []
        base: float | None = None
        expected: Any = None
        timings: dict[str, list[float]] = {engine: [] for engine in engines}
        for _ in range(runs):  # the engines take turns, so a busy moment hits them all alike
            for engine in engines:
                times, result = measure(engine, work, 1)
                timings[engine] += times
                if expected is None:
                    expected = result
                elif result != expected:
                    raise SystemExit(f"{work.name}: {engine} gives {result!r}, python {expected!r}")
        for engine in engines:
            times = timings[engine]
            median = statistics.median(times)
            if base is None:
                base = median
                cells.append(f"{median:.3f} s [{min(times):.3f}-{max(times):.3f}]")
            else:
                cells.append(f"{median / base:.2f}x [{min(times) / base:.2f}-{max(times) / base:.2f}]")
        print(f"| {work.label} | " + " | ".join(cells) + " |", flush=True)


def _timed(cmd: list[str], env: dict[str, str]) -> float:
    """CPU seconds (user + system) a child process used: steadier than wall time on a busy machine."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, env=env, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        raise SystemExit(f"{' '.join(cmd)} failed")
    return usage.ru_utime + usage.ru_stime


def _peak_rss_mb(cmd: list[str], env: dict[str, str]) -> float:
    """Peak resident memory of a child process (``ru_maxrss``, Linux kilobytes)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, env=env, cwd=ROOT)
    _, _, usage = os.wait4(proc.pid, 0)
    return usage.ru_maxrss / 1024


def startup(runs: int) -> None:
    subprocess.run([sys.executable, "-m", "compileall", "-q", "src"], cwd=ROOT, check=False,
                   stdout=subprocess.DEVNULL)
    env = dict(os.environ)
    with tempfile.TemporaryDirectory() as tmp:
        hello = Path(tmp) / "hello.ml"
        hello.write_text('print("hello");\n', encoding="utf-8")
        empty = Path(tmp) / "empty.ml"
        empty.write_text("x = 1;\n", encoding="utf-8")
        env["MLPY_CACHE_DIR"] = str(Path(tmp) / "cache")
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "import mlpy": [sys.executable, "-c", "import mlpy"],
            "mlpy run hello.ml": [sys.executable, "-m", "mlpy", "run", str(hello)],
        }
        _timed(commands["mlpy run hello.ml"], env)  # fill the compile cache
        _timed([sys.executable, "-m", "mlpy", "run", str(empty)], env)
        medians = {label: statistics.median(_timed(cmd, env) for _ in range(runs * 3))
                   for label, cmd in commands.items()}
        base = medians["python -c pass"]
        print(f"Start-up, CPU time of the whole process (bytecode compiled with `python -m compileall "
              f"src`, ML compile cache warm; median of {runs * 3}):")
        for label, seconds in medians.items():
            print(f"  {label:<20} {seconds * 1000:7.1f} ms   {seconds / base:5.2f}x")
        py_rss = _peak_rss_mb([sys.executable, "-c", "pass"], env)
        ml_rss = _peak_rss_mb([sys.executable, "-m", "mlpy", "run", str(empty)], env)
        print(f"  peak RSS: python -c pass {py_rss:.1f} MB, mlpy run empty.ml {ml_rss:.1f} MB "
              f"({ml_rss / py_rss:.2f}x)")


def per_run_overhead() -> None:
    """Microseconds ``Program.run`` adds to running an empty program, against a bare ``exec``."""
    import mlpy

    program = mlpy.compile("x = 1;", "empty.ml")
    code = compile("x = 1", "empty.py", "exec")
    rounds = 2000

    def per_call(func: Any) -> float:
        samples = []
        for _ in range(5):
            start = time.process_time()
            for _ in range(rounds):
                func()
            samples.append((time.process_time() - start) / rounds)
        return statistics.median(samples)

    ml = per_call(program.run)
    py = per_call(lambda: exec(code, {}))  # noqa: S102
    print(f"Per-run overhead: Program.run {ml * 1e6:.1f} us, exec {py * 1e6:.1f} us")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", nargs=2, metavar=("ENGINE", "WORKLOAD"), help=argparse.SUPPRESS)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="3 runs per cell")
    parser.add_argument("--only", choices=["workloads", "startup", "overhead"])
    parser.add_argument("--workload", action="append", choices=[w.name for w in WORKLOADS],
                        help="measure only this workload (repeatable)")
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    runs = 3 if args.quick else args.runs
    if args.only in (None, "workloads"):
        workload_table(runs, args.workload)
    if args.only in (None, "startup"):
        startup(runs)
    if args.only in (None, "overhead"):
        per_run_overhead()


if __name__ == "__main__":
    main()
