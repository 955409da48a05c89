"""SandboxPool: warm workers, a fresh process per run, hard limits, cancel, replacement, async."""

from __future__ import annotations

import asyncio
import io
import subprocess
import sys
import time

import psutil
import pytest

import mlpy
from mlpy.engine.pool import SandboxPool, default_pool

COUNTER_BRIDGE = '''
from mlpy.stdlib.decorators import ml_function, ml_module

CALLS = [0]


@ml_module(name="counter", description="Counts calls in this process", capabilities=[], version="1.0.0")
class Counter:
    @ml_function(description="Count one call", capabilities=[])
    def bump(self):
        CALLS[0] += 1
        return CALLS[0]


counter = Counter()
'''


@pytest.fixture(scope="module")
def pool():
    with SandboxPool(workers=2, timeout=10) as shared:
        yield shared


def _children(pool: SandboxPool) -> list[psutil.Process]:
    """The zygotes' children: the runs, and the spare each zygote forks ahead of its next job."""
    return [child for zygote in pool._zygotes if zygote is not None
            for child in psutil.Process(zygote.proc.pid).children()]


def _spinning_child(pool: SandboxPool, seconds: float = 10) -> psutil.Process | None:
    """The child busy running ``while (true) { }`` (a spare waiting for its job uses no CPU), once
    it has spun for a while; None if none does within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for child in _children(pool):
            try:
                if sum(child.cpu_times()[:2]) > 0.2:
                    return child
            except psutil.NoSuchProcess:
                continue
        time.sleep(0.02)
    return None


def _gone(process: psutil.Process, seconds: float) -> bool:
    try:
        process.wait(timeout=seconds)
    except psutil.TimeoutExpired:
        return False
    return True


def _dead(process: psutil.Process, seconds: float) -> bool:
    """Whether ``process`` (another process's child) exits within ``seconds``: gone or a zombie."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if process.status() == psutil.STATUS_ZOMBIE:
                return True
        except psutil.NoSuchProcess:
            return True
        time.sleep(0.01)
    return False


def test_run_gives_globals_output_and_stats(pool):
    result = pool.run('x = [1, {"k": 2}];\nfunction f() { return 1; }\nprint("hi");', capture_output=True)
    assert result.globals == {"x": [1, {"k": 2}]}  # plain data only: functions stay in the child
    assert result.output == "hi\n"
    assert result.stats.output_bytes == 3 and result.stats.peak_memory and result.stats.peak_memory > 0


def test_a_global_too_long_for_json_stays_behind_and_the_run_still_succeeds(pool):
    result = pool.run('big = 10 ** 5000; y = 2; print("hi");', capture_output=True)
    assert result.globals == {"y": 2}
    assert result.output == "hi\n"


def test_errors_keep_their_position_and_the_output_before_them(pool):
    out = io.StringIO()
    with pytest.raises(mlpy.MLRuntimeError) as info:
        pool.run('print("before");\nx = 1 / 0;', filename="p.ml", stdout=out)
    assert (info.value.filename, info.value.line, info.value.error_type) == ("p.ml", 2, "ZeroDivisionError")
    assert out.getvalue() == "before\n"


def test_grants_inputs_and_stdin_reach_the_child(pool, tmp_path):
    (tmp_path / "a.txt").write_text("data")
    result = pool.run(f'import file;\ntext = file.read("{tmp_path / "a.txt"}");\nline = input();\ny = x + 1;',
                      capabilities=[f"read:{tmp_path}"], inputs={"x": 41}, stdin=io.StringIO("typed\n"))
    assert (result.globals["text"], result.globals["line"], result.globals["y"]) == ("data", "typed", 42)
    with pytest.raises(mlpy.MLCapabilityError):
        pool.run(f'import file;\nfile.read("{tmp_path / "a.txt"}");')


def test_nothing_of_one_run_is_visible_to_the_next(pool, tmp_path):
    (tmp_path / "counter_bridge.py").write_text(COUNTER_BRIDGE)
    source = "import counter;\nn = counter.bump();"
    in_process = [mlpy.run(source, extension_paths=[str(tmp_path)]).globals["n"] for _ in range(3)]
    assert in_process == [1, 2, 3]  # one process: the extension module's state lives on
    pooled = [pool.run(source, extension_paths=[str(tmp_path)]).globals["n"] for _ in range(4)]
    assert pooled == [1, 1, 1, 1]



POKER_BRIDGE = '''
from mlpy.modules.registry import get_registry
from mlpy.stdlib.decorators import ml_function, ml_module


@ml_module(name="poker", description="Marks the shared math module instance", capabilities=[], version="1.0.0")
class Poker:
    @ml_function(description="Mark math; say whether it was marked before and what is loaded", capabilities=[])
    def poke(self):
        shared = get_registry().get_module("math")
        before = getattr(shared, "poked_by_a_run", False)
        shared.poked_by_a_run = True
        return {"before": before, "loaded": sorted(get_registry().loaded_module_names())}


poker = Poker()
'''


def test_stdlib_modules_are_preloaded_and_a_mutation_of_one_stays_in_its_run(tmp_path):
    (tmp_path / "poker_bridge.py").write_text(POKER_BRIDGE)
    source = "import poker;\nfacts = poker.poke();"
    mlpy.run(source, extension_paths=[str(tmp_path)])
    again = mlpy.run(source, extension_paths=[str(tmp_path)]).globals["facts"]
    assert again["before"] is True  # in one process the shared instance keeps the mark
    with SandboxPool(workers=1) as pool:
        pooled = [pool.run(source, extension_paths=[str(tmp_path)]).globals["facts"] for _ in range(3)]
    assert [facts["before"] for facts in pooled] == [False, False, False]
    for name in ("json", "math", "random", "regex", "log"):  # loaded by the zygote, not by the run
        assert name in pooled[0]["loaded"]


def test_module_settings_of_one_pooled_run_do_not_reach_the_next():
    with SandboxPool(workers=1) as pool:
        first_err = io.StringIO()
        first = pool.run('import random;\nimport log;\nrandom.setSeed(12345);\nlog.set_level("error");\n'
                         'log.set_format("json");\nlog.info("hidden");\nlog.error("shown");\n'
                         'seed = random.getSeed();\nn = random.nextInt();', stderr=first_err)
        assert first.globals["seed"] == 12345
        assert "hidden" not in first_err.getvalue() and '"shown"' in first_err.getvalue()
        second_err = io.StringIO()
        second = pool.run('import random;\nimport log;\nlog.info("visible");\nseed = random.getSeed();',
                          stderr=second_err)
        assert second.globals["seed"] != 12345
        assert "visible" in second_err.getvalue() and not second_err.getvalue().lstrip().startswith("{")
        third = pool.run("import random;\nrandom.setSeed(12345);\nn = random.nextInt();")
        assert third.globals["n"] == first.globals["n"]  # the same seed still gives the same numbers

SLEEPER_BRIDGE = '''
import time

from mlpy.stdlib.decorators import ml_function, ml_module


@ml_module(name="sleeper", description="Blocks without taking steps", capabilities=[], version="1.0.0")
class Sleeper:
    @ml_function(description="Sleep", capabilities=[])
    def nap(self, seconds):
        time.sleep(seconds)
        return seconds


sleeper = Sleeper()
'''


def test_timeout_kills_a_run_blocked_where_no_step_is_taken(pool, tmp_path):
    (tmp_path / "sleeper_bridge.py").write_text(SLEEPER_BRIDGE)
    started = time.monotonic()
    with pytest.raises(mlpy.MLTimeoutError, match=r"time limit of 0.5 s exceeded"):
        pool.run("import sleeper;\nsleeper.nap(30);", timeout=0.5, extension_paths=[str(tmp_path)])
    assert time.monotonic() - started < 5


def test_a_pooled_run_past_its_time_limit_stops_itself_and_reports_its_steps(pool):
    with pytest.raises(mlpy.MLTimeoutError, match=r"time limit of 0.3 s exceeded") as info:
        pool.run("i = 0;\nwhile (true) { i = i + 1; }", timeout=0.3)
    # The child's own watchdog stopped the program (a kill by the zygote would leave no counts).
    assert info.value.stats is not None and info.value.stats.steps and info.value.stats.steps > 1000


def test_memory_limit_is_a_hard_limit(pool):
    with pytest.raises(mlpy.MLLimitError, match="memory limit of 40 MB exceeded"):
        pool.run("row = [0] * 1000000;\nrows = [];\nwhile (true) { rows.append(row + [1]); }",
                 max_memory=40)


def test_a_run_killed_by_a_signal_says_which(pool):
    future = pool.submit("while (true) { }", timeout=30)
    running = _spinning_child(pool)
    assert running is not None, "the run never started"
    children = _children(pool)
    for child in children:  # the idle spares too: a zygote replaces a dead spare
        child.terminate()
    with pytest.raises(mlpy.MLError, match=r"killed by signal 15 \(SIGTERM\)"):
        future.result(timeout=10)
    # A spare still dying when its zygote's next job came would take that job down with it: the
    # replacement is tested once the spares are dead.
    assert all(_dead(child, 5) for child in children)
    assert [pool.run(f"x = {n};").globals["x"] for n in range(4)] == [0, 1, 2, 3]


def test_cancel_stops_a_running_script(pool):
    future = pool.submit("while (true) { }", timeout=60)
    running = _spinning_child(pool)
    assert running is not None, "the run never started"
    assert future.cancel()
    assert _gone(running, 5)
    assert pool.run("x = 2;").globals["x"] == 2


def test_a_cancel_arriving_after_its_run_ended_does_not_touch_the_next_run():
    with SandboxPool(workers=1) as pool:
        assert pool.run("x = 1;").globals["x"] == 1  # job 1
        zygote = pool._zygotes[0]
        assert zygote is not None
        zygote.cancel(1)  # late: the zygote reads it during the next run and must drop it
        assert [pool.run(f"x = {n};").globals["x"] for n in range(3)] == [0, 1, 2]


def test_a_run_cancelled_as_soon_as_submitted_never_holds_its_worker(pool):
    futures = [pool.submit("while (true) { }", timeout=60) for _ in range(4)]
    for future in futures:
        future.cancel()
    assert all(future.cancelled() for future in futures)
    assert [pool.run(f"x = {n};").globals["x"] for n in range(4)] == [0, 1, 2, 3]
    assert _spinning_child(pool, seconds=1) is None


def test_a_dead_worker_is_replaced():
    with SandboxPool(workers=1) as pool:
        assert pool.run("x = 1;").globals["x"] == 1
        zygote = pool._zygotes[0]
        assert zygote is not None
        zygote.proc.kill()
        zygote.proc.wait()
        assert pool.run("x = 2;").globals["x"] == 2
        assert pool.replaced == 1


def test_run_async_and_cancelling_the_task_kills_the_run(pool):
    async def main() -> tuple[int, bool]:
        value = (await pool.run_async("x = 5;")).globals["x"]
        task = asyncio.ensure_future(pool.run_async("while (true) { }", timeout=60))
        running = await asyncio.to_thread(_spinning_child, pool)
        assert running is not None, "the run never started"
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            pass
        return value, await asyncio.to_thread(_gone, running, 5)

    assert asyncio.run(main()) == (5, True)


def test_sandbox_true_uses_the_shared_default_pool():
    result = mlpy.run("y = 3 * 3;", sandbox=True)
    assert result.globals["y"] == 9
    assert default_pool() is default_pool()
    assert default_pool()._zygotes.count(None) < default_pool().workers


def test_mlpy_run_async_in_process_and_its_cancellation():
    async def main() -> tuple[int, str]:
        value = (await mlpy.run_async("x = 6 * 7;")).globals["x"]
        task = asyncio.ensure_future(mlpy.run_async("i = 0;\nwhile (true) { i = i + 1; }"))
        await asyncio.sleep(0.3)
        started = time.monotonic()
        task.cancel()
        try:
            await task
            outcome = "finished"
        except asyncio.CancelledError:
            outcome = "cancelled" if time.monotonic() - started < 2 else "slow"
        return value, outcome

    assert asyncio.run(main()) == (42, "cancelled")
    assert mlpy.SandboxPool is SandboxPool


PROBE_CANCEL_IN_MODULE = """
import asyncio, sys, mlpy

async def main():
    task = asyncio.ensure_future(mlpy.run_async("import spin;\\nspin.forever();", filename=sys.argv[1]))
    await asyncio.sleep(0.3)
    task.cancel()
    try:
        await asyncio.wait_for(asyncio.shield(task), 10)
    except asyncio.CancelledError:
        return "cancelled"  # run_async returns only once the run's thread has stopped
    except asyncio.TimeoutError:
        return "still running"
    return "finished"

print(asyncio.run(main()))
"""


def test_cancelling_mlpy_run_async_stops_a_loop_inside_an_imported_ml_module(tmp_path):
    # The module was compiled without step counting (the run had a cancel token but no limit), so
    # the worker thread spun on for good after the task was cancelled (and kept the process alive:
    # hence a process of its own here, which the timeout ends if the loop is not stopped).
    (tmp_path / "spin.ml").write_text("function forever() { while (true) {} }\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", PROBE_CANCEL_IN_MODULE, str(tmp_path / "main.ml")],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.stdout.strip() == "cancelled", done.stderr


def test_an_innocent_run_beside_a_host_holding_memory(pool):
    ballast = bytearray(300 * 1024 * 1024)  # the host's own memory: never counted against a run
    ballast[::4096] = b"x" * len(ballast[::4096])
    result = pool.run("a = [1, 2, 3];\ns = len(a);", max_memory=50)
    assert result.globals["s"] == 3
    del ballast
