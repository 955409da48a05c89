"""The pool's zygote: which jobs it compiles ahead for its spares."""

from __future__ import annotations

import signal
import threading
import time

import pytest

from mlpy.engine.program_cache import PROGRAMS
from mlpy.engine.zygote import _AlarmWatchdog, _precompile, _SeenSources, compile_keys, request_header
from mlpy.runtime.limits import Limits, Meter


@pytest.fixture
def alarm_watchdog():
    """An ``_AlarmWatchdog`` in this process; the previous ``SIGALRM`` handler comes back after."""
    previous = signal.getsignal(signal.SIGALRM)
    try:
        yield _AlarmWatchdog()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _job(source: str, **fields: object) -> dict[str, object]:
    return {"source": source, "filename": "<string>", "extension_paths": [], "ml_module_paths": [],
            "limits": {"timeout": None}, "inputs": {}, **fields}


def _compile(seen: _SeenSources, job: dict[str, object]) -> bool:
    """What the zygote does after a run: compile the job if it needs compiling (and say so)."""
    seen_key, compile_key = compile_keys(job)
    if not seen.needs_compile(seen_key, compile_key):
        return False
    seen.compiled(compile_key, _precompile(job))
    return True


def test_a_repeated_source_is_compiled_in_the_zygote_once():
    seen = _SeenSources()
    assert [_compile(seen, _job("x = 1;")) for _ in range(4)] == [False, True, False, False]


def test_the_same_source_under_other_module_paths_or_inputs_is_compiled_again(tmp_path):
    seen = _SeenSources()
    _compile(seen, _job("y = a;"))
    assert _compile(seen, _job("y = a;"))
    assert _compile(seen, _job("y = a;", extension_paths=[str(tmp_path)]))
    assert _compile(seen, _job("y = a;", inputs={"a": 1}))
    assert not _compile(seen, _job("y = a;", inputs={"a": 2}))  # only the input names matter


def test_a_job_is_compiled_again_once_the_program_cache_dropped_its_program():
    seen = _SeenSources()
    job = _job("kept = 41 + 1;")
    keys = compile_keys(job)
    assert not seen.needs_compile(*keys)
    assert seen.needs_compile(*keys)
    seen.compiled(keys[1], _precompile(job))
    assert not seen.needs_compile(*keys)  # in the cache: compiling again would only look it up
    PROGRAMS.clear()
    assert seen.needs_compile(*keys)


def test_a_job_that_does_not_compile_is_not_tried_again():
    seen = _SeenSources()
    job = _job("x = ;")
    keys = compile_keys(job)
    seen.needs_compile(*keys)
    assert seen.needs_compile(*keys)
    program = _precompile(job)
    assert program is None
    seen.compiled(keys[1], program)
    assert not seen.needs_compile(*keys)


def test_the_request_header_carries_what_the_zygote_needs_without_parsing_the_job():
    job = _job("x = 1;", limits={"timeout": 2})
    header = request_header(7, job, 123)
    assert header.endswith(b"\n") and header.count(b"\n") == 1
    job_id, timeout, seen, compile_key, size = header.split()
    assert (job_id, timeout, size) == (b"7", b"2.0", b"123")
    assert (seen.decode(), compile_key.decode()) == compile_keys(job)
    assert request_header(8, _job("x = 1;"), 5).split()[1] == b"-"  # no time limit


def test_the_alarm_watchdog_expires_each_run_at_its_deadline_unless_cancelled(alarm_watchdog):
    # Each meter's own deadline is already past when its alarm rings: ``Meter.expire`` waits on for
    # a deadline still ahead (a clock held or moved by a debugger), which is not what is tested here.
    late, cancelled, early = (Meter(Limits(timeout=0.01)) for _ in range(3))
    alarm_watchdog.add(late, 0.25)
    alarm_watchdog.add(cancelled, 0.05).cancel()
    alarm_watchdog.add(early, 0.1)
    give_up = time.monotonic() + 10
    while not late.expired and time.monotonic() < give_up:
        time.sleep(0.01)
    assert (early.expired, cancelled.expired, late.expired) == (True, False, True)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # nothing left to wait for


def test_the_alarm_watchdog_leaves_a_run_on_another_thread_to_the_watchdog_thread(alarm_watchdog):
    meter = Meter(Limits(timeout=0.01))
    added = []
    helper = threading.Thread(target=lambda: added.append(alarm_watchdog.add(meter, 0.05)))
    helper.start()
    helper.join()
    assert added[0] is not None
    assert alarm_watchdog._due == []  # no alarm: only the main thread's runs are timed by it
    give_up = time.monotonic() + 10
    while not meter.expired and time.monotonic() < give_up:
        time.sleep(0.01)
    assert meter.expired
