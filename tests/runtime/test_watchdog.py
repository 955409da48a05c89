"""The timeout watchdog: one thread expiring timed runs at their deadlines.

``add`` wakes the thread only when the new deadline comes before every pending one, and cancelled
entries (finished runs) never pile up in its heap. Each test uses a watchdog of its own with
stand-in meters that record when they were expired.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from mlpy.runtime.limits import _Watchdog


class _Meter:
    """Stands for a run's meter: ``expire()`` is all the watchdog calls."""

    def __init__(self) -> None:
        self.expired = threading.Event()
        self.at: float | None = None

    def expire(self) -> None:
        self.at = time.monotonic()
        self.expired.set()


def _add(watchdog: _Watchdog, seconds: float) -> tuple[_Meter, Any]:
    meter = _Meter()
    return meter, watchdog.add(meter, seconds)  # type: ignore[arg-type]


def test_an_earlier_deadline_added_later_wakes_the_sleeping_thread() -> None:
    watchdog = _Watchdog()
    late, _ = _add(watchdog, 60)
    time.sleep(0.05)  # the thread now sleeps until the 60 s deadline
    started = time.monotonic()
    early, _ = _add(watchdog, 0.1)
    assert early.expired.wait(5)
    assert early.at is not None and early.at - started < 2
    assert not late.expired.is_set()


def test_a_later_deadline_expires_after_the_earlier_one_was_cancelled() -> None:
    watchdog = _Watchdog()
    _, first = _add(watchdog, 0.2)
    time.sleep(0.05)
    first.cancel()
    second, _ = _add(watchdog, 0.3)  # not earlier than the top: the thread is not woken
    third, _ = _add(watchdog, 0.25)
    assert third.expired.wait(5) and second.expired.wait(5)


def test_a_cancelled_run_is_not_expired() -> None:
    watchdog = _Watchdog()
    meter, entry = _add(watchdog, 0.1)
    entry.cancel()
    witness, _ = _add(watchdog, 0.2)
    assert witness.expired.wait(5)
    assert not meter.expired.is_set()


def test_cancelled_entries_behind_a_live_one_do_not_pile_up() -> None:
    watchdog = _Watchdog()
    live, live_entry = _add(watchdog, 3600)  # a long run holds the top of the heap
    for _ in range(20_000):  # short runs with later deadlines start and finish meanwhile
        _, entry = _add(watchdog, 7200)
        entry.cancel()
    assert len(watchdog._heap) <= 2 * _Watchdog.COMPACT_MIN
    assert any(item[2] is live_entry for item in watchdog._heap)
    assert not live.expired.is_set()
