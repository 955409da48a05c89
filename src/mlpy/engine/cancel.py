"""``CancelToken``: stop a run from another thread (``run_async`` cancellation, pool cancel).

The pipeline registers the run's meter with the token when the run starts; ``cancel()`` trips it,
so the program raises at its next step (programs run under a token are compiled with step
counting). Cancelling before the start stops the run before its first step.
"""

from __future__ import annotations

import threading
from typing import Any

CANCELLED_MESSAGE = "the run was cancelled by the host"


class CancelToken:
    """A one-shot cancellation flag a running program checks at every step."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cancelled = False
        self._meters: list[Any] = []

    @property
    def cancelled(self) -> bool:
        """Whether ``cancel()`` was called."""
        return self._cancelled

    def cancel(self) -> None:
        """Stop the run (now, or as soon as it starts)."""
        with self._lock:
            self._cancelled = True
            meters = list(self._meters)
        for meter in meters:
            meter.cancel(CANCELLED_MESSAGE)

    def attach(self, meter: Any) -> None:
        """Called by the pipeline when the run's meter exists."""
        with self._lock:
            self._meters.append(meter)
            cancelled = self._cancelled
        if cancelled:
            meter.cancel(CANCELLED_MESSAGE)

    def detach(self, meter: Any) -> None:
        """Called by the pipeline when the run ends."""
        with self._lock:
            if meter in self._meters:
                self._meters.remove(meter)


__all__ = ["CANCELLED_MESSAGE", "CancelToken"]
