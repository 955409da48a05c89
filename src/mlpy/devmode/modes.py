"""The two levels of development mode and how the user asks for them (SPEC §5, REPL ``.devmode``).

Development mode records load timings (cheap: < 2 % of a module load) and, by default, also traces
memory with ``tracemalloc`` so that ``.memreport`` can show the bytes each module's load retained.
Tracing slows every allocation of the process (module loads run several times slower), so it can be
left out: ``.devmode timings`` or ``MLPY_DEV_MODE=timings`` gives timings only; ``.memreport`` then
still shows deep sizes and the process RSS and says retained bytes were not traced.

Words accepted by ``.devmode``: none (toggle; on means timings + memory), ``on``/``memory``/``full``
(timings + memory), ``timings`` (timings only), ``off``. ``MLPY_DEV_MODE``: ``1``/``true``/``yes``/
``on``/``memory``/``full`` (timings + memory), ``timings`` (timings only); anything else leaves
development mode off.
"""

from __future__ import annotations

from dataclasses import dataclass

TOGGLE = "toggle"
OFF = "off"
FULL = "full"
TIMINGS = "timings"

_FULL_WORDS = frozenset({"on", "memory", "full"})
_ENV_FULL_WORDS = frozenset({"1", "true", "yes"}) | _FULL_WORDS
USAGE = "Usage: .devmode [timings|memory|off]\n  (no argument toggles; on = timings + memory profiling)"


@dataclass(frozen=True)
class DevModeRequest:
    """What a ``.devmode`` argument asks for: ``toggle``, ``off``, ``full`` or ``timings``."""

    action: str

    def resolve(self, currently_on: bool) -> tuple[bool, bool]:
        """``(enabled, trace_memory)`` to switch to, given whether development mode is on now."""
        if self.action == OFF or (self.action == TOGGLE and currently_on):
            return False, False
        return True, self.action != TIMINGS


def parse_command(argument: str) -> DevModeRequest | None:
    """The request of a ``.devmode`` argument, or None when the word is not one of the above."""
    word = argument.strip().lower()
    if not word:
        return DevModeRequest(TOGGLE)
    if word in _FULL_WORDS:
        return DevModeRequest(FULL)
    if word in (TIMINGS, OFF):
        return DevModeRequest(word)
    return None


def parse_env(value: str | None) -> DevModeRequest | None:
    """The request of ``MLPY_DEV_MODE``: ``full``, ``timings`` or None (development mode stays off)."""
    word = (value or "").strip().lower()
    if word in _ENV_FULL_WORDS:
        return DevModeRequest(FULL)
    if word == TIMINGS:
        return DevModeRequest(TIMINGS)
    return None


__all__ = ["FULL", "OFF", "TIMINGS", "TOGGLE", "USAGE", "DevModeRequest", "parse_command", "parse_env"]
