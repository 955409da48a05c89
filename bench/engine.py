"""The embedding engine's throughput: runs per second of a 10-line script, by way of running it.

Run with ``python bench/engine.py [--quick]``. Every figure is measured in this one run, beside
plain Python (``exec(compile(...))`` of the same script written in Python) and, when installed,
lupa (Lua in process). Ratios are to plain Python; the targets of the embedding-engine issue are in
brackets. Not a test: it prints, it asserts nothing.
"""

from __future__ import annotations

import os
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import mlpy  # noqa: E402

ML = """total = 0;
for (i in range(50)) {
    if (i % 3 == 0) {
        total = total + i;
    }
}
function double(x) { return x * 2; }
result = double(total) + {N};
items = [1, 2, 3];
label = "total " + str(result);
"""

PY = """total = 0
for i in range(50):
    if i % 3 == 0:
        total = total + i
def double(x):
    return x * 2
result = double(total) + {N}
items = [1, 2, 3]
label = "total " + str(result)
"""

ML_STDLIB = """import json;
import math;
data = json.parse("{\\"a\\": [1, 2, 3], \\"b\\": 2.5}");
total = 0;
for (v in data["a"]) {
    total = total + v;
}
root = math.sqrt(total * data["b"]);
text = json.stringify({"total": total, "root": math.floor(root)});
done = true;
"""
"""A 10-line rule that imports standard-library modules (their bridges load once per process)."""

LUA = """local total = 0
for i = 0, 49 do
  if i % 3 == 0 then total = total + i end
end
local function double(x) return x * 2 end
local result = double(total) + {N}
local items = {1, 2, 3}
local label = "total " .. tostring(result)
return result
"""


def rate(step: Callable[[int], object], seconds: float) -> float:
    """Runs per second of ``step(n)`` over about ``seconds`` (median of three slices)."""
    rates = []
    counter = [0]
    for _ in range(3):
        done = 0
        start = time.perf_counter()
        while time.perf_counter() - start < seconds / 3:
            counter[0] += 1
            step(counter[0])
            done += 1
        rates.append(done / (time.perf_counter() - start))
    return statistics.median(rates)


def parallel_rate(submit: Callable[[int], object], seconds: float, concurrency: int) -> float:
    """Runs per second with ``concurrency`` submitters keeping the engine busy."""
    stop = time.perf_counter() + seconds
    counts = [0] * concurrency

    def worker(slot: int) -> None:
        n = 0
        while time.perf_counter() < stop:
            n += 1
            submit(slot * 1_000_000 + n)
            counts[slot] += 1

    threads = [threading.Thread(target=worker, args=(slot,)) for slot in range(concurrency)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / (time.perf_counter() - start)


def line(name: str, runs: float, base: float, target: str = "") -> None:
    print(f"  {name:<44} {runs:9.0f} runs/s   {runs / base:5.2f}x plain Python  {target}")


def main() -> None:
    quick = "--quick" in sys.argv
    seconds = 0.6 if quick else 1.5
    cores = os.cpu_count() or 1
    same_py = compile(PY.replace("{N}", "1"), "<bench>", "exec")
    print(f"One 10-line script; {cores} CPUs; every ratio is to plain Python measured in this run")
    plain_fresh = rate(lambda n: exec(compile(PY.replace("{N}", str(n)), "<bench>", "exec"), {}), seconds)
    plain_same = rate(lambda n: exec(compile(PY.replace("{N}", "1"), "<bench>", "exec"), {}), seconds)
    print("Plain Python")
    line("exec(compile(source)), a different source", plain_fresh, plain_fresh)
    line("exec(compile(source)), the same source", plain_same, plain_same)
    line("exec(code) of precompiled code", rate(lambda n: exec(same_py, {}), seconds), plain_same)

    print("mlpy in process")
    fresh = rate(lambda n: mlpy.run(ML.replace("{N}", str(n))), seconds)
    line("mlpy.run, a different source each time", fresh, plain_fresh, "[>= 0.3x]")
    same = rate(lambda n: mlpy.run(ML.replace("{N}", "1")), seconds)
    line("mlpy.run, the same source (cached)", same, plain_same, "[>= 0.5x]")
    program = mlpy.compile(ML.replace("{N}", "1"))
    line("Program.run", rate(lambda n: program.run(), seconds), plain_same)
    limited = rate(lambda n: mlpy.run(ML.replace("{N}", "1"), timeout=5, max_steps=10**6), seconds)
    line("mlpy.run, same source, timeout + max_steps", limited, plain_same)

    try:
        import lupa  # noqa: F401
        from lupa import LuaRuntime
    except ImportError:
        print("lupa: not installed")
    else:
        print("lupa (Lua in process)")
        line("new LuaRuntime + execute, a different source",
             rate(lambda n: LuaRuntime().execute(LUA.replace("{N}", str(n))), seconds), plain_fresh)
        lua = LuaRuntime()
        line("one LuaRuntime, execute a different source",
             rate(lambda n: lua.execute(LUA.replace("{N}", str(n))), seconds), plain_fresh)

    print("SandboxPool (a fresh process per run)")
    source = ML.replace("{N}", "1")
    cases = {"the 10-line script": source, "x = 1;": "x = 1;", "a 10-line rule importing json and math": ML_STDLIB}
    overheads: dict[str, list[float]] = {name: [] for name in cases}
    with mlpy.SandboxPool(workers=1) as pool:
        for text in cases.values():
            pool.run(text)
        for _ in range(30 if quick else 80):
            for name, text in cases.items():  # interleaved: the machine's load weighs on each alike
                start = time.perf_counter()
                mlpy.run(text)
                inside = time.perf_counter() - start
                start = time.perf_counter()
                pool.run(text)
                overheads[name].append((time.perf_counter() - start) - inside)
    for name, values in overheads.items():
        print(f"  median overhead over in-process mlpy.run, {name}: {statistics.median(values) * 1000:.2f} ms "
              "per run  [<= 5 ms]")
    # Every pool size is measured in turns, several times, while all the pools stay warm: the load
    # of the machine then weighs on each size alike, and the median of the turns is printed.
    sizes = range(1, cores + 1)
    turns = 3 if quick else 5
    rates: dict[int, list[float]] = {workers: [] for workers in sizes}
    parent_cpu: dict[int, list[float]] = {workers: [] for workers in sizes}
    pools = {workers: mlpy.SandboxPool(workers=workers) for workers in sizes}
    try:
        for pool in pools.values():
            pool.run(source)
        for _ in range(turns):
            for workers, pool in pools.items():
                before = time.process_time()  # this process's CPU, all threads, to the nanosecond
                runs = parallel_rate(lambda n, pool=pool: pool.run(source), seconds * 2 / turns, workers * 2)
                rates[workers].append(runs)
                parent_cpu[workers].append((time.process_time() - before) / (runs * seconds * 2 / turns))
    finally:
        for pool in pools.values():
            pool.close()
    one = statistics.median(rates[1])
    for workers in sizes:
        runs = statistics.median(rates[workers])
        line(f"SandboxPool({workers}) throughput ({runs / one / workers:.2f} per worker)", runs, plain_same,
             "[scales >= 0.7 x cores]" if workers == cores else "")
        print(f"    host CPU per run (submitting, waiting, reading results): "
              f"{statistics.median(parent_cpu[workers]) * 1e6:.0f} us")
    print(f"  (medians of {turns} turns; load average {os.getloadavg()[0]:.2f})")

    if quick:
        return
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        print("run_many: dask.distributed not installed")
        return
    from mlpy.distributed import run_many

    print("mlpy.distributed.run_many on a LocalCluster of processes")
    with LocalCluster(n_workers=cores, processes=True, threads_per_worker=1,
                      dashboard_address=":0") as cluster, Client(cluster) as client:
        run_many([source] * cores, client=client)  # warm the workers' pools
        jobs = [ML.replace("{N}", str(n)) for n in range(400)]
        start = time.perf_counter()
        outcomes = run_many(jobs, client=client)
        elapsed = time.perf_counter() - start
        assert all(not isinstance(o, mlpy.MLError) for o in outcomes)
        line(f"run_many of {len(jobs)} jobs", len(jobs) / elapsed, plain_fresh)


if __name__ == "__main__":
    main()
