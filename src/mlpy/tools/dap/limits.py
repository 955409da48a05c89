"""The resource limits of a launch configuration: ``timeout``, ``maxSteps``, ``maxOutput`` and
``maxRecursion``.

They are ``mlpy run``'s ``--timeout``, ``--max-steps``, ``--max-output`` and ``--max-recursion``,
spelled as VS Code settings are, and they stop a debugged program exactly as the flags stop a run
(an infinite loop under the debugger ends with ``TimeoutError: time limit of 1.0 s exceeded
("timeout" in launch.json)``). The time limit counts running time: the clock stops while the
program is paused at a breakpoint, a step or a pause, so inspecting a program never uses up its
time. The call depth is counted by the debugger's tracer (``DebugSession``).

Memory (``maxMemory``) has no attribute, and a launch configuration naming it is refused with the
reason: it is measured for the whole process, which the debugger shares with the program, so only
``mlpy run --sandbox`` can limit it.
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mlpy.runtime.limits import Limits

MAX_TIMEOUT = threading.TIMEOUT_MAX
"""The longest time limit (seconds) a thread can wait for: about 292 years."""


@dataclass(frozen=True)
class LimitAttribute:
    """One launch.json limit: its attribute, the ``Limits`` field it sets and what it counts."""

    attribute: str
    field: str
    whole: bool
    """A whole number (steps, bytes) rather than any number (seconds)."""
    expected: str
    """What a valid value is, for the error message: ``a positive number of seconds``."""


LIMIT_ATTRIBUTES = (
    LimitAttribute("timeout", "timeout", False,
                   "a positive number of seconds of running time (such as 5 or 0.5)"),
    LimitAttribute("maxSteps", "max_steps", True,
                   "a positive whole number of loop iterations plus calls (such as 1000000)"),
    LimitAttribute("maxOutput", "max_output_bytes", True,
                   "a positive whole number of bytes the program may print (such as 65536)"),
    LimitAttribute("maxRecursion", "max_recursion", True,
                   "a positive whole number of nested calls (such as 200)"),
)
"""The limits a launch configuration can set, in the order they are checked."""

REFUSED_ATTRIBUTES = {
    "maxMemory": (
        '"maxMemory" is not available in a debug session: memory is measured for the whole process, '
        "which the debugger shares with the program; to limit a program's memory run it with "
        "mlpy run --sandbox --max-memory MB"),
}
"""``mlpy run``'s limits a debug session cannot honour, and why (the launch fails with this text)."""


class LimitError(ValueError):
    """A launch configuration's limit attribute that cannot be used (the message says why)."""


def launch_limits(arguments: Mapping[str, Any]) -> Limits:
    """The ``Limits`` of a launch request's arguments (an attribute that is absent or ``null``
    leaves its limit off). ``LimitError`` names the first attribute that is refused or whose value
    is not what it must be, and what is expected."""
    for name, reason in REFUSED_ATTRIBUTES.items():
        if arguments.get(name) is not None:
            raise LimitError(reason)
    values: dict[str, Any] = {}
    for limit in LIMIT_ATTRIBUTES:
        value = arguments.get(limit.attribute)
        if value is not None:
            values[limit.field] = _checked(limit, value)
    return Limits(**values)


def _checked(limit: LimitAttribute, value: Any) -> int | float:
    """``value`` as the limit's number, or ``LimitError``. JSON has one number type, so ``1e6``
    is a whole number of steps; ``true`` and ``"5"`` are not numbers."""
    number = value if isinstance(value, (int, float)) and not isinstance(value, bool) else None
    if number is None or not math.isfinite(number) or number <= 0 \
            or (limit.whole and not float(number).is_integer()):
        raise LimitError(f'launch.json attribute "{limit.attribute}" must be {limit.expected}, '
                         f"not {_shown(value)}")
    if limit.whole:
        return int(number)
    if number > MAX_TIMEOUT:
        raise LimitError(f'launch.json attribute "{limit.attribute}" must be at most '
                         f"{MAX_TIMEOUT:.0f} seconds, not {_shown(value)}")
    return float(number)


def _shown(value: Any) -> str:
    """A value as it was written in launch.json (JSON), shortened when long."""
    try:
        text = json.dumps(value, allow_nan=True)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


__all__ = ["LIMIT_ATTRIBUTES", "REFUSED_ATTRIBUTES", "LimitAttribute", "LimitError", "launch_limits"]
