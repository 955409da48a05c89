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


__all__ = [
    "MAX_ARRAY_ITEMS",
    "MAX_INT_DIGITS",
    "MAX_STRING_CHARS",
    "check_array_size",
    "check_string_size",
    "check_width",
    "guarded_mod",
    "guarded_mul",
    "guarded_pow",
]
