"""The two levels of development mode and how the user asks for them (REPL ``.devmode``).

Development mode records load timings (cheap: < 2 % of a module load). Allocation tracing with
``tracemalloc`` is a separate, explicit level: it slows every allocation of the process (module
loads run several times slower, so every load would look "slow"), so it is on only when asked for
with ``.devmode trace`` or ``.memreport --trace``. Without it ``.memreport`` shows deep sizes and
the process RSS and says that retained bytes were not traced.

Words accepted by ``.devmode``: none (toggle; on means timings only), ``on``/``timings``
(timings), ``trace``/``memory``/``full`` (timings + allocation tracing), ``off``. ``MLPY_DEV_MODE``
is read by the module registry (``mlpy.modules.monitor.dev_mode_from_env``): ``1``/``true``/``yes``/
``on``/``timings`` give timings, ``trace``/``memory``/``full`` add tracing.
"""

from __future__ import annotations

from dataclasses import dataclass

from mlpy.modules.monitor import dev_mode_from_env

TOGGLE = "toggle"
OFF = "off"
TRACE = "trace"
TIMINGS = "timings"
FULL = TRACE
"""Older name of the tracing level."""

_TRACE_WORDS = frozenset({"trace", "memory", "full"})
_TIMING_WORDS = frozenset({"on", "timings"})
USAGE = ("Usage: .devmode [on|trace|off]\n"
         "  (no argument toggles; on = load timings only, trace = timings + allocation tracing)")


@dataclass(frozen=True)
class DevModeRequest:
    """What a ``.devmode`` argument asks for: ``toggle``, ``off``, ``trace`` or ``timings``."""

    action: str

    def resolve(self, currently_on: bool) -> tuple[bool, bool]:
        """``(enabled, trace_memory)`` to switch to, given whether development mode is on now."""
        if self.action == OFF or (self.action == TOGGLE and currently_on):
            return False, False
        return True, self.action == TRACE


def parse_command(argument: str) -> DevModeRequest | None:
    """The request of a ``.devmode`` argument, or None when the word is not one of the above."""
    word = argument.strip().lower()
    if not word:
        return DevModeRequest(TOGGLE)
    if word in _TRACE_WORDS:
        return DevModeRequest(TRACE)
    if word in _TIMING_WORDS:
        return DevModeRequest(TIMINGS)
    if word == OFF:
        return DevModeRequest(OFF)
    return None


def parse_env(value: str | None) -> DevModeRequest | None:
    """The request of ``MLPY_DEV_MODE``: ``trace``, ``timings`` or None (development mode stays off)."""
    traced = dev_mode_from_env(value or "")
    if traced is None:
        return None
    return DevModeRequest(TRACE if traced else TIMINGS)


__all__ = ["FULL", "OFF", "TIMINGS", "TOGGLE", "TRACE", "USAGE", "DevModeRequest", "parse_command", "parse_env"]
