"""Size guards for the few operations that can build a huge value from a tiny program.

``"a" * 10**12``, ``[0] * 10**10``, ``9 ** 10**9``, ``"x".zfill(10**12)`` and ``range(10**12)`` would
exhaust memory or CPU long before any step or time limit could fire, so they are checked before
they run and raise a fatal ``MLLimitError`` naming the limit.
"""

from __future__ import annotations

import math
import re
from typing import Any

from mlpy.errors import MLLimitError

MAX_STRING_CHARS = 100_000_000
"""Largest string (characters) one repeat/pad operation may build (~100 MB)."""

MAX_ARRAY_ITEMS = 12_500_000
"""Largest array one repeat or ``range`` may build (~100 MB of item pointers)."""

MAX_INT_DIGITS = 1_000_000
"""Largest integer (decimal digits) a power may produce."""


def check_string_size(chars: int, what: str) -> None:
    """Raise ``MLLimitError`` when a string of ``chars`` characters would exceed the limit."""
    if chars > MAX_STRING_CHARS:
        raise MLLimitError(
            f"{what} would build a string of {chars} characters "
            f"(limit: {MAX_STRING_CHARS} characters, about 100 MB)"
        )


def check_array_size(items: int, what: str) -> None:
    """Raise ``MLLimitError`` when an array of ``items`` items would exceed the limit."""
    if items > MAX_ARRAY_ITEMS:
        raise MLLimitError(
            f"{what} would build an array of {items} items (limit: {MAX_ARRAY_ITEMS} items)"
        )


def _repeat_count(value: Any) -> int | None:
    """The repeat count if ``value`` is an int (bools count as 0/1), else None."""
    if isinstance(value, int):
        return int(value)
    return None


def guarded_add(a: Any, b: Any) -> Any:
    """ML ``a + b`` of anything but two numbers: Python's ``+`` with a size check, so that a
    doubling loop (``x = x + x``) ends with a limit error instead of exhausting the host's memory."""
    ta = type(a)
    if ta is str and type(b) is str:
        check_string_size(len(a) + len(b), "this '+'")
    elif ta is list and type(b) is list:
        check_array_size(len(a) + len(b), "this '+'")
    return a + b


def checked_size(value: Any) -> Any:
    """The ``__ml_sized`` helper: ``value`` (the result of a ``+``) unless it is a string or array
    over the size limit."""
    kind = type(value)
    if kind is str:
        check_string_size(len(value), "this '+'")
    elif kind is list:
        check_array_size(len(value), "this '+'")
    return value


def guarded_mul(a: Any, b: Any) -> Any:
    """ML ``a * b``: Python's ``*`` with a size check for string and array repetition."""
    ta = type(a)
    tb = type(b)
    if (ta is int or ta is float) and (tb is int or tb is float):
        return a * b
    if isinstance(a, (str, list)):
        count = _repeat_count(b)
        if count is not None and count > 1:
            _check_repeat(a, count)
    elif isinstance(b, (str, list)):
        count = _repeat_count(a)
        if count is not None and count > 1:
            _check_repeat(b, count)
    return a * b


def _check_repeat(seq: str | list[Any], count: int) -> None:
    total = len(seq) * count
    if isinstance(seq, str):
        check_string_size(total, "repeating a string")
    else:
        check_array_size(total, "repeating an array")


def guarded_pow(a: Any, b: Any) -> Any:
    """ML ``a ** b``: Python's ``**`` refusing integer results above ``MAX_INT_DIGITS`` digits."""
    if isinstance(a, int) and isinstance(b, int) and b > 1 and a not in (0, 1, -1):
        digits = int(b) * math.log10(abs(int(a)))
        if digits > MAX_INT_DIGITS:
            raise MLLimitError(
                f"the power would have about {int(digits)} digits (limit: {MAX_INT_DIGITS} digits)"
            )
    result = a**b
    if type(result) is complex:  # (-8) ** 0.5: Python answers with a complex number, not an ML value
        raise ValueError("a negative number cannot be raised to a fractional power")
    return result


_FORMAT_SIZES = re.compile(r"[0-9]{9,}")  # widths/precisions that may exceed MAX_STRING_CHARS


def guarded_mod(a: Any, b: Any) -> Any:
    """ML ``a % b``: the remainder. A string on the left is an ML TypeError: Python's ``str % x``
    is printf formatting, which would show raw Python objects (``<... object at 0x..>``) and build
    strings of any width or precision."""
    if isinstance(a, (str, bytes, bytearray)):
        from mlpy.runtime.errors_runtime import ml_type_error  # noqa: PLC0415 - error path only

        # A width or precision beyond the string limit is reported as the limit it would break
        # (as `"x" * n` is), whatever else is wrong with the expression.
        for digits in _FORMAT_SIZES.findall(a if isinstance(a, str) else bytes(a).decode("latin-1")):
            check_string_size(int(digits) if len(digits) < 19 else MAX_STRING_CHARS + 1, "formatting with '%'")
        raise ml_type_error("'%' needs numbers, not a string on the left; to format text use "
                            "format() or '+'")
    return a % b


def check_width(width: Any, what: str) -> None:
    """Refuse padding widths (``zfill``, ``center``, ``format``) that would build a huge string."""
    if isinstance(width, int) and width > MAX_STRING_CHARS:
        check_string_size(int(width), what)


MAX_EXPANDED_ITEMS = MAX_ARRAY_ITEMS
"""Most items (containers and leaves, shared ones counted each time) a deep traversal may visit."""


def expanded_size(value: Any, stop: int = MAX_EXPANDED_ITEMS) -> int:
    """How many items a full traversal of ``value`` visits, shared containers counted each time.

    Forty lines of ``a = [a, a];`` build a value of 80 small arrays whose traversal (``str``,
    ``json.stringify``, ``flatten``) visits 2**41 items: hours in one C call, out of reach of the
    cooperative step and time limits. Each distinct container is counted once (memoised by
    identity, iteratively so any depth is fine); a cycle counts as one item (the consumers show or
    refuse it themselves). Stops counting past ``stop``.
    """
    if not isinstance(value, (list, tuple, dict)):
        return 1
    sizes: dict[int, int] = {}
    active: set[int] = set()
    stack: list[tuple[Any, bool]] = [(value, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            children = node.values() if isinstance(node, dict) else node
            total = 1
            for child in children:
                if isinstance(child, (list, tuple, dict)):
                    total += sizes.get(id(child), 1)
                else:
                    total += 1
                if total > stop:
                    return total
            sizes[key] = total
            active.discard(key)
            continue
        if key in sizes or key in active:
            continue
        active.add(key)
        stack.append((node, True))
        children = node.values() if isinstance(node, dict) else node
        for child in children:
            if isinstance(child, (list, tuple, dict)) and id(child) not in sizes and id(child) not in active:
                stack.append((child, False))
    return sizes.get(id(value), 1)


def check_expanded_size(value: Any, what: str) -> None:
    """Raise ``MLLimitError`` when traversing ``value`` would visit more than the limit of items."""
    if isinstance(value, (list, tuple, dict)) and len(value) and expanded_size(value) > MAX_EXPANDED_ITEMS:
        raise MLLimitError(
            f"{what} would visit more than {MAX_EXPANDED_ITEMS} items (the value shares its arrays "
            "or objects so often that it expands beyond the limit)"
        )


TICK_ITEMS = 4096
"""Items a Python-level loop over ML data handles per step it charges (see ``charge_items``)."""


def charge_items(done: int, before: int) -> None:
    """Charge the run's meter one step each time a loop over ML data passes ``TICK_ITEMS`` items.

    The step and time limits are checked at ML steps only, so a long loop inside a bridge (a
    flatten, a JSON copy) could otherwise outrun ``--timeout``: calling this with the items done
    before and after each chunk of work lets the limits fire inside such loops too.
    """
    if done // TICK_ITEMS != before // TICK_ITEMS:
        from mlpy.runtime.limits import current_meter  # noqa: PLC0415 - light, kept lazy

        current_meter().tick()


__all__ = [
    "MAX_ARRAY_ITEMS",
    "MAX_EXPANDED_ITEMS",
    "TICK_ITEMS",
    "charge_items",
    "check_expanded_size",
    "expanded_size",
    "MAX_INT_DIGITS",
    "MAX_STRING_CHARS",
    "check_array_size",
    "check_string_size",
    "check_width",
    "guarded_mod",
    "guarded_mul",
    "guarded_pow",
]
