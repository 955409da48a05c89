"""Limits: step counting, timeout (clock and watchdog), output limit, recursion, no-limit path."""

from __future__ import annotations

import io
import sys
import time

import pytest

from mlpy.errors import MLLimitError, MLTimeoutError, is_fatal
from mlpy.runtime import limits as limits_mod
from mlpy.runtime.context import ExecutionContext, current, use
from mlpy.runtime.limits import Limits, current_meter, run_scope, step
from mlpy.runtime.output_limit import LimitedOutput, OutputBudget


def test_limits_validation_and_active():
    assert not Limits().active() and not Limits().any()
    assert Limits(timeout=1).active()
    assert Limits(max_steps=5).active()
    assert Limits(max_memory_mb=10).active()
    assert not Limits(max_output_bytes=10).active() and Limits(max_output_bytes=10).any()
    assert Limits(max_recursion=10).active()  # the depth guard raises at a function's entry step
    with pytest.raises(ValueError, match="max_steps must be a positive number, not 0"):
        Limits(max_steps=0)
    with pytest.raises(ValueError, match="timeout must be a positive number, not -1"):
        Limits(timeout=-1)
    with pytest.raises(ValueError, match="max_recursion must be a positive number, not True"):
        Limits(max_recursion=True)


@pytest.mark.parametrize("n", [1, 5, 1023, 1024, 1025, 5000])
def test_step_limit_raises_exactly_at_n_plus_one(n):
    with run_scope(Limits(max_steps=n)) as meter:
        for _ in range(n):
            step()
        assert meter.steps == n
        with pytest.raises(MLLimitError) as info:
            step()
        assert str(info.value.message) == f"step limit of {n} exceeded (--max-steps)"
        assert is_fatal(info.value)
        with pytest.raises(MLLimitError):  # it stays exceeded
            step()


def test_bound_meter_step_counts_the_same_way():
    with run_scope(Limits(max_steps=3)) as meter:
        meter.step()
        meter.step()
        meter.step()
        with pytest.raises(MLLimitError):
            meter.step()


def test_timeout_raises_from_step_after_the_deadline():
    with run_scope(Limits(timeout=0.2)):
        started = time.monotonic()
        with pytest.raises(MLTimeoutError) as info:
            while True:
                step()
        elapsed = time.monotonic() - started
    assert info.value.message == "time limit of 0.2 s exceeded (--timeout)"
    assert 0.19 <= elapsed < 1.5


def test_timeout_message_format():
    assert limits_mod.timeout_message(2) == "time limit of 2.0 s exceeded (--timeout)"
    assert limits_mod.timeout_message(0.5) == "time limit of 0.5 s exceeded (--timeout)"


def test_watchdog_stops_slow_iterations_at_the_next_step():
    # Each iteration takes 50 ms, so without the watchdog the clock would be read only after
    # 1024 iterations (51 s). The watchdog makes the first step after the deadline raise.
    with run_scope(Limits(timeout=0.3)):
        started = time.monotonic()
        with pytest.raises(MLTimeoutError):
            while True:
                step()
                time.sleep(0.05)
        elapsed = time.monotonic() - started
    assert elapsed < 2.0  # without the watchdog: about 1024 x 50 ms = 51 s


def test_a_deadline_centuries_away_keeps_the_watchdog_alive(monkeypatch):
    # A lock cannot wait 1e300 seconds: the watchdog thread died of an OverflowError, printing a
    # traceback, and the timeouts of runs beside it went unwatched until the next run started one.
    import threading

    crashes: list[BaseException | None] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: crashes.append(args.exc_value))
    with run_scope(Limits(timeout=1e300)):
        for _ in range(5):
            step()
            time.sleep(0.05)  # the watchdog is asleep until that far deadline meanwhile
    watchdog = limits_mod._WATCHDOG._thread
    assert crashes == [] and watchdog is not None and watchdog.is_alive()
    with run_scope(Limits(timeout=0.2)), pytest.raises(MLTimeoutError):
        while True:
            step()
            time.sleep(0.05)
    assert limits_mod._WATCHDOG._thread is watchdog  # the same thread woke for the nearer deadline


def test_timeout_wins_over_step_limit_when_both_apply():
    with run_scope(Limits(timeout=0.1, max_steps=10_000_000)):
        with pytest.raises(MLTimeoutError):
            while True:
                step()
                time.sleep(0.01)


def test_scope_restores_the_unlimited_meter_and_nests():
    outer = current_meter()
    with run_scope(Limits(max_steps=100)) as first:
        assert current_meter() is first
        with run_scope(Limits(max_steps=2)) as second:
            assert current_meter() is second
        assert current_meter() is first
    assert current_meter() is outer
    for _ in range(10_000):  # outside any run: never raises
        step()


def test_no_limits_installs_nothing():
    before = current_meter()
    recursion = sys.getrecursionlimit()
    ctx = ExecutionContext(stdout=io.StringIO())
    with use(ctx), run_scope(Limits()) as meter:
        assert meter is before
        assert current().stdout is ctx.stdout
        assert sys.getrecursionlimit() == recursion
        for _ in range(5000):
            step()
    with run_scope(None):
        step()


def test_meter_is_per_thread():
    import threading

    seen: list[object] = []
    with run_scope(Limits(max_steps=1)) as meter:
        thread = threading.Thread(target=lambda: seen.append(current_meter()))
        thread.start()
        thread.join()
        assert seen[0] is not meter


def test_overlapping_runs_in_threads_keep_their_own_limits():
    import threading

    both_inside = threading.Barrier(2)
    results: dict[str, object] = {}

    def limited() -> None:
        with run_scope(Limits(max_steps=100)):
            both_inside.wait()
            count = 0
            try:
                while True:
                    step()
                    count += 1
            except MLLimitError:
                results["limited"] = count

    def unlimited() -> None:
        with run_scope(Limits()):
            both_inside.wait()
            for _ in range(20_000):
                step()
            results["unlimited"] = "done"

    threads = [threading.Thread(target=limited), threading.Thread(target=unlimited)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert results == {"limited": 100, "unlimited": "done"}
    assert limits_mod._target is limits_mod._UNLIMITED and limits_mod._scopes == []


def test_a_later_unlimited_run_in_another_thread_does_not_lift_the_limit():
    import threading

    entered, release = threading.Event(), threading.Event()

    def other() -> None:
        with run_scope(Limits()):
            entered.set()
            release.wait(10)

    thread = threading.Thread(target=other)
    with run_scope(Limits(max_steps=10)):
        thread.start()
        entered.wait(10)
        with pytest.raises(MLLimitError):
            for _ in range(11):
                step()
        release.set()
        thread.join()


def test_recursion_limit_never_changes_the_interpreters_limit():
    before = sys.getrecursionlimit()

    def depth(n: int) -> int:
        return n if n == 0 else depth(n - 1)

    with run_scope(Limits(max_recursion=50)):
        assert sys.getrecursionlimit() == before
        assert depth(500) == 0  # Python code of the host is not ML code: not counted
    assert sys.getrecursionlimit() == before
    assert sys.gettrace() is None


def test_ml_depth_is_counted_per_run_and_raises_a_catchable_recursion_error(run_ml):
    outcome = run_ml("d = 0;\nfunction f(n) { nonlocal d; d = n; return f(n + 1); }\n"
                        "try { f(1); } except (e) { print(e.type, d); }\nprint(f2(3));\n"
                        "function f2(n) { return n == 0 ? 0 : 1 + f2(n - 1); }\n", max_recursion=50)
    assert outcome.error is None
    assert outcome.out == "RecursionError 50\n3\n"


def test_two_threads_one_limited_the_other_recursing_deep_untouched(run_ml):
    import threading

    outcomes: dict[str, object] = {}
    limited_started = threading.Event()

    def limited() -> None:
        limited_started.set()
        outcomes["limited"] = run_ml("function f(n) { return f(n + 1); }\nf(0);", max_recursion=50).error

    def deep() -> None:
        limited_started.wait(5)
        outcomes["deep"] = run_ml("function g(n) { if (n == 0) { return 0; } return 1 + g(n - 1); }\n"
                                  "x = g(500);\n").globals.get("x")

    threads = [threading.Thread(target=limited), threading.Thread(target=deep)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    error = outcomes["limited"]
    assert getattr(error, "kind", None) == "RecursionError", error
    assert outcomes["deep"] == 500
    assert sys.gettrace() is None


def test_overlapping_limited_runs_leave_nothing_changed(run_ml):
    import threading

    before = (sys.getrecursionlimit(), sys.gettrace())
    errors: list[object] = []

    def worker(limit: int) -> None:
        for _ in range(5):
            errors.append(run_ml("function f(n) { return f(n + 1); }\nf(0);", max_recursion=limit).error)

    threads = [threading.Thread(target=worker, args=(limit,)) for limit in (20, 40, 60)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(errors) == 15 and all(getattr(e, "kind", None) == "RecursionError" for e in errors)
    assert (sys.getrecursionlimit(), sys.gettrace()) == before


def test_memory_limit_is_checked_periodically(monkeypatch):
    sizes = iter([100, 100 + 11 * 1024 * 1024])
    monkeypatch.setattr(limits_mod, "_rss_bytes", lambda: next(sizes))
    with run_scope(Limits(max_memory_mb=10)):
        with pytest.raises(MLLimitError) as info:
            for _ in range(limits_mod.CHECK_EVERY * 17):
                step()
    assert info.value.message == "memory limit of 10 MB exceeded (--max-memory)"


def test_real_rss_is_measured():
    assert limits_mod._rss_bytes() > 1024 * 1024


# ----------------------------------------------------------------------------- output


def test_output_limit_writes_what_fits_then_raises():
    sink = io.StringIO()
    out = LimitedOutput(sink, 10)
    out.write("hello ")
    with pytest.raises(MLLimitError) as info:
        out.write("world!!")
    assert sink.getvalue() == "hello worl"
    assert info.value.message == "output limit of 10 bytes exceeded (--max-output)"
    with pytest.raises(MLLimitError):
        out.write("x")
    assert sink.getvalue() == "hello worl"


def test_output_limit_counts_utf8_bytes_and_never_splits_a_character():
    sink = io.StringIO()
    out = LimitedOutput(sink, 5)
    with pytest.raises(MLLimitError):
        out.write("ééé")  # 6 bytes
    assert sink.getvalue() == "éé"
    assert out.written == 5


def test_exact_fit_does_not_raise():
    sink = io.StringIO()
    out = LimitedOutput(sink, 4)
    assert out.write("abcd") == 4
    assert sink.getvalue() == "abcd"


def test_streams_can_share_one_budget():
    budget = OutputBudget(6)
    a, b = io.StringIO(), io.StringIO()
    LimitedOutput(a, budget=budget).write("abcd")
    with pytest.raises(MLLimitError):
        LimitedOutput(b, budget=budget).write("efgh")
    assert (a.getvalue(), b.getvalue()) == ("abcd", "ef")


def test_run_scope_wraps_the_context_stdout_and_restores_it():
    sink = io.StringIO()
    ctx = ExecutionContext(stdout=sink)
    with use(ctx):
        with run_scope(Limits(max_output_bytes=3)):
            assert isinstance(current().stdout, LimitedOutput)
            with pytest.raises(MLLimitError):
                current().stdout.write("abcdef")
        assert current().stdout is sink
    assert sink.getvalue() == "abc"


def test_ml_recursion_through_a_builtin_hits_a_limit_not_a_segfault():
    import subprocess

    program = (
        "import io, mlpy\n"
        "try:\n"
        "    mlpy.run('function f(n) { if (n == 0) { return 0; } return 1 + call(f, n - 1); }"
        " x = f(200000);', max_recursion=10**6, stdout=io.StringIO())\n"
        "except mlpy.MLError as e:\n"
        "    print(e.kind)\n"
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout == "RecursionError\n"


# ----------------------------------------------------------------------------- per-run binding


def test_a_namespace_made_in_a_limited_scope_gets_the_runs_tick_until_the_scope_ends():
    from mlpy.runtime.namespace import new_globals

    assert "__ml_step" not in new_globals("outside.ml")
    with run_scope(Limits()):
        assert "__ml_step" not in new_globals("unlimited.ml")
    with run_scope(Limits(max_steps=3)) as meter:
        namespace = new_globals("inside.ml")
        assert namespace["__ml_step"] is meter.tick
        namespace["__ml_step"]()
        step()  # the shared fallback charges the same meter
        assert meter.steps == 2
    assert "__ml_step" not in namespace


def test_the_tick_is_exact_and_stays_failed():
    with run_scope(Limits(max_steps=2048)) as meter:
        for _ in range(2048):
            meter.tick()  # read each time, as generated code reads ``__ml_step``
        for _ in range(3):  # every later step raises again (loops in ``finally`` cannot run on)
            with pytest.raises(MLLimitError) as info:
                meter.tick()
            assert info.value.message == "step limit of 2048 exceeded (--max-steps)"
        assert meter.steps == 2048


def test_the_watchdog_empties_the_window_of_the_tick():
    with run_scope(Limits(timeout=0.2)) as meter:
        started = time.monotonic()
        with pytest.raises(MLTimeoutError) as info:
            while True:
                meter.tick()
                time.sleep(0.02)  # 1024 of these would take 20 s
        elapsed = time.monotonic() - started
        with pytest.raises(MLTimeoutError):
            meter.tick()
    assert info.value.message == "time limit of 0.2 s exceeded (--timeout)"
    assert elapsed < 1.5


def test_a_memory_limit_failure_repeats(monkeypatch):
    monkeypatch.setattr(limits_mod, "_rss_bytes", lambda: 0)
    with run_scope(Limits(max_memory_mb=1)) as meter:
        monkeypatch.setattr(limits_mod, "_rss_bytes", lambda: 2 * 1024 * 1024)
        with pytest.raises(MLLimitError):
            for _ in range(limits_mod.CHECK_EVERY * 17):
                meter.tick()
        with pytest.raises(MLLimitError) as info:
            meter.tick()
    assert info.value.message == "memory limit of 1 MB exceeded (--max-memory)"


LOOP = "function spin(n) { i = 0; while (i < n) { i = i + 1; } return i; }\n"


def test_ml_functions_called_after_the_run_are_not_limited_by_it():
    import mlpy

    result = mlpy.run(LOOP + "r = spin(10);", max_steps=50, stdout=io.StringIO())
    assert result.globals["r"] == 10
    assert result.globals["spin"](5000) == 5000  # outside any run: unlimited, no stale meter


def test_overlapping_api_runs_in_threads_charge_their_own_meters():
    import threading

    import mlpy

    results: dict[str, object] = {}
    start = threading.Barrier(2)

    def limited() -> None:
        start.wait()
        try:
            mlpy.run(LOOP + "r = spin(10000000);", max_steps=30_000, stdout=io.StringIO())
        except MLLimitError as exc:
            results["limited"] = exc.message

    def roomy() -> None:
        start.wait()
        results["roomy"] = mlpy.run(LOOP + "r = spin(200000);", max_steps=200_002,
                                    stdout=io.StringIO()).globals["r"]

    threads = [threading.Thread(target=limited), threading.Thread(target=roomy)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert results == {"limited": "step limit of 30000 exceeded (max_steps=)", "roomy": 200000}
    assert limits_mod._scopes == []


def test_ml_modules_imported_during_a_limited_run_are_bound_to_it(tmp_path, monkeypatch):
    import mlpy
    from mlpy.modules import registry as module_registry
    from mlpy.modules.registry import ModuleRegistry

    monkeypatch.setattr(module_registry, "_registry", ModuleRegistry())
    bound: list[str] = []
    original = limits_mod.Meter.bind

    def recording_bind(self, namespace):
        bound.append(namespace["__file__"].rsplit("/", 1)[-1])
        original(self, namespace)

    monkeypatch.setattr(limits_mod.Meter, "bind", recording_bind)
    (tmp_path / "spinner.ml").write_text(LOOP, encoding="utf-8")
    main = tmp_path / "main.ml"
    main.write_text("import spinner;\nr = spinner.spin(100);\n", encoding="utf-8")
    with pytest.raises(MLLimitError) as info:
        mlpy.run_file(main, max_steps=50, stdout=io.StringIO())
    assert info.value.message == "step limit of 50 exceeded (max_steps=)"
    assert bound == ["main.ml", "spinner.ml"]
    assert mlpy.run_file(main, max_steps=102, stdout=io.StringIO()).globals["r"] == 100


def test_the_backup_end_retries_when_the_window_hook_could_not_run(monkeypatch):
    # At Python's recursion limit the finaliser running the hook fails; the next step retries.
    original = limits_mod.Meter._window_end
    failures = []

    def flaky(self, generation, extra):
        if not failures:
            failures.append(generation)
            raise RecursionError("maximum recursion depth exceeded")
        original(self, generation, extra)

    monkeypatch.setattr(limits_mod.Meter, "_window_end", flaky)
    with run_scope(Limits(max_steps=10_000)) as meter:
        for _ in range(3000):
            meter.tick()
        assert failures == [0]
        assert meter.steps == 3000


def test_the_watchdog_rebinds_bound_namespaces_to_raise():
    from mlpy.runtime.namespace import new_globals

    with run_scope(Limits(timeout=0.05)) as meter:
        namespace = new_globals("main.ml")
        assert namespace["__ml_step"] is meter.tick
        time.sleep(0.3)
        with pytest.raises(MLTimeoutError) as info:
            namespace["__ml_step"]()
        assert info.value.message == "time limit of 0.05 s exceeded (--timeout)"
    assert "__ml_step" not in namespace


def test_a_held_clock_does_not_count_and_the_watchdog_waits_for_the_moved_deadline():
    """A debugger holds the clock while the program is paused: the pause is not running time."""
    with run_scope(Limits(timeout=0.2)) as meter:
        first = meter.deadline
        meter.hold_clock()
        time.sleep(0.4)  # paused for twice the limit: the watchdog's alarm goes off meanwhile
        for _ in range(5000):  # steps taken while held (an evaluation calling the program) pass
            meter.step()
        meter.release_clock()
        assert meter.deadline is not None and first is not None and meter.deadline >= first + 0.4
        for _ in range(5000):
            meter.step()
        time.sleep(0.5)  # the moved deadline passes: the re-armed watchdog expires the run
        with pytest.raises(MLTimeoutError, match=r"time limit of 0\.2 s exceeded \(--timeout\)"):
            meter.step()


# ----------------------------------------------------------------------------- limit checks


def test_a_bound_check_is_a_no_op_that_counts_no_step_until_the_watchdog_trips_it():
    from mlpy.runtime.namespace import new_globals

    assert "__ml_check" not in new_globals("outside.ml")
    with run_scope(Limits(timeout=0.05, max_steps=10)) as meter:
        namespace = new_globals("main.ml")
        assert namespace["__ml_check"] is meter.check
        for _ in range(100):  # many more checks than the step limit allows steps
            assert not namespace["__ml_check"]()
        assert meter.steps == 0
        time.sleep(0.3)
        for _ in range(2):  # raises at every check from now on
            with pytest.raises(MLTimeoutError) as info:
                namespace["__ml_check"]()
            assert info.value.message == "time limit of 0.05 s exceeded (--timeout)"
    assert "__ml_check" not in namespace and "__ml_step" not in namespace


def test_a_cancel_makes_the_next_check_raise_and_the_step_limit_does_not():
    from mlpy.runtime.namespace import new_globals

    with run_scope(Limits(timeout=60)) as meter:
        namespace = new_globals("main.ml")
        meter.cancel("the host cancelled the run")
        with pytest.raises(MLLimitError, match="the host cancelled the run"):
            namespace["__ml_check"]()
    with run_scope(Limits(max_steps=1, timeout=60)) as meter:
        namespace = new_globals("main.ml")
        meter.tick()  # the last step allowed: the straight-line code after it runs on
        assert not namespace["__ml_check"]()
        with pytest.raises(MLLimitError, match="step limit of 1 exceeded"):
            meter.tick()
        assert not namespace["__ml_check"]()
        meter.deadline = time.monotonic() - 1
        meter.expire()  # the deadline passes after the steps ran out: checks raise the timeout
        with pytest.raises(MLTimeoutError):
            namespace["__ml_check"]()
        with pytest.raises(MLLimitError, match="step limit of 1 exceeded"):
            namespace["__ml_step"]()


def test_a_recursion_trip_does_not_make_checks_raise():
    from mlpy.runtime.namespace import new_globals

    with run_scope(Limits(max_recursion=5)) as meter:
        namespace = new_globals("main.ml")
        meter.trip_recursion()
        assert not namespace["__ml_check"]()  # only the entry step of the deep call raises
        with pytest.raises(RecursionError):
            namespace["__ml_step"]()


def test_the_shared_builtin_check_asks_the_calling_threads_run():
    from mlpy.runtime.limits import check
    from mlpy.runtime.namespace import builtins_dict

    check()  # outside any run: nothing to stop
    with run_scope(Limits(timeout=0.05)):
        check()
        time.sleep(0.3)
        with pytest.raises(MLTimeoutError):
            check()
        with pytest.raises(MLTimeoutError):  # what an unbound namespace's ``__ml_check`` is
            builtins_dict()["__ml_check"]()
    check()


def test_without_a_watchdog_thread_the_check_reads_the_clock(monkeypatch):
    from mlpy.runtime.namespace import new_globals

    monkeypatch.setattr(limits_mod, "_start_watchdog", lambda meter, seconds: None)
    with run_scope(Limits(timeout=0.05)):
        namespace = new_globals("main.ml")
        namespace["__ml_check"]()
        time.sleep(0.1)
        with pytest.raises(MLTimeoutError):
            namespace["__ml_check"]()


def test_straight_line_code_stops_at_the_deadline():
    import mlpy

    statements = "".join("t = s[1:];\n" for _ in range(2000))
    with pytest.raises(MLTimeoutError) as info:  # all 2,000 slices of 16 MB take seconds
        mlpy.run('s = "a" * 16000000;\n' + statements, timeout=1)
    assert 2 < info.value.line < 2001  # stopped at the slice that passed the deadline


def test_an_infinite_memory_limit_is_no_limit():
    # int(inf * 1024 * 1024) raised OverflowError while the meter was made (a pool child's run).
    meter = limits_mod.Meter(Limits(max_memory_mb=float("inf")))
    assert not meter.memory_exceeded()
    scope = run_scope(Limits(max_memory_mb=float("inf"), max_steps=10))
    with scope as running:
        for _ in range(5):
            step()
        assert not running.measures_memory()
        assert scope._memory_watch is None  # no thread samples for a limit that is none
