"""The sandbox wire format: what crosses between a parent and a sandboxed child, as JSON data.

A job goes down (source, filename, grants as strings, limits, paths, argv); a result comes back:
the program's plain-data globals, or its error's fields. Nothing else ever crosses: functions,
modules and instances stay in the child, and an error is rebuilt only as one of mlpy's own classes.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from mlpy import errors
from mlpy.errors import MLError, MLFrame

_MAX_DEPTH = 64

MAX_PLAIN_ITEMS = 4_000_000
"""Most items (arrays, objects and the values in them, a shared one counted each time it occurs) the
globals of one sandboxed result may send back: copying costs about 0.3 us an item."""

MAX_PLAIN_BYTES = 48 * 1024 * 1024
"""About the most JSON text the globals of one sandboxed result may take: the estimate leaves out
separators, so it stays well under the 64 MB a parent reads of a result."""


class PlainBudget:
    """What is left of ``MAX_PLAIN_ITEMS`` and ``MAX_PLAIN_BYTES`` for one result's globals.

    A value shares its parts at no cost in ML, but JSON writes a shared part out each time it
    occurs: forty lines of ``a = [a, a];`` are a value of 80 small arrays whose copy has 2**41 items.
    Copying it item by item would keep the child busy past its deadline (then reported as a
    timeout, or never ended at all when the run had no time limit) while its memory grows without
    bound. The budget stops the copy instead, and that value stays behind like a function does."""

    __slots__ = ("bytes", "items")

    def __init__(self, items: int = MAX_PLAIN_ITEMS, size: int = MAX_PLAIN_BYTES) -> None:
        self.items = items
        self.bytes = size

    def spend(self, items: int, size: int) -> bool:
        """Take ``items`` items and about ``size`` bytes of JSON; whether the budget still holds."""
        self.items -= items
        self.bytes -= size
        return self.items >= 0 and self.bytes >= 0


def _json_size(value: Any) -> int:
    """About the JSON text of a string, number, boolean or null (``\\uXXXX`` for non-ASCII)."""
    if isinstance(value, str):
        return (len(value) if value.isascii() else 6 * len(value)) + 3
    if isinstance(value, int) and not isinstance(value, bool):
        return value.bit_length() // 3 + 2
    return 24


def plain_globals(globals_: dict[Any, Any]) -> dict[str, Any]:
    """The plain-data globals of a finished run as JSON-safe copies, all within one ``PlainBudget``.

    Functions, modules, instances, cycles and values beyond the budget stay behind; a value too
    big for what is left of the budget gives its share back, so the globals after it still go."""
    budget = PlainBudget()
    plain: dict[str, Any] = {}
    for name, value in globals_.items():
        if isinstance(name, str):
            ok, copy = plain_within(value, budget)
            if ok:
                plain[name] = copy
    return plain


def plain_within(value: Any, budget: PlainBudget) -> tuple[bool, Any]:
    """``plain_data(value)`` spending ``budget``; a value that does not fit spends nothing.

    An array or object is measured first (``guards.expanded_size``, in time linear in its distinct
    arrays and objects), so one that shares its parts exponentially is refused without a walk."""
    from mlpy.runtime.guards import expanded_size  # loaded only where values are sent

    if isinstance(value, (list, dict)) and expanded_size(value, budget.items) > budget.items:
        return False, None
    before = budget.items, budget.bytes
    ok, copy = plain_data(value, budget=budget)
    if not ok:
        budget.items, budget.bytes = before
    return ok, copy


def plain_data(value: Any, depth: int = 0, seen: set[int] | None = None,
               budget: PlainBudget | None = None) -> tuple[bool, Any]:
    """(ok, json-safe copy) of an ML value that is plain data; functions, modules, instances,
    cycles and values beyond ``budget`` (a fresh ``PlainBudget`` when none is given) are not
    (``ok`` False). Object keys that are not strings are converted with ``str``."""
    budget = budget if budget is not None else PlainBudget()
    if value is None or isinstance(value, (bool, float, str)):
        return budget.spend(1, _json_size(value)), value
    if isinstance(value, int):
        # JSON spells an int in decimal: one past Python's digit limit (``10 ** 5000``) cannot
        # cross, so it stays behind like a function does instead of failing the whole result.
        return (budget.spend(1, _json_size(value)), value) if _fits_in_decimal(value) else (False, None)
    if depth > _MAX_DEPTH or not isinstance(value, (list, dict)):
        return False, None
    if not budget.spend(1, 2):
        return False, None
    seen = seen if seen is not None else set()
    if id(value) in seen:
        return False, None
    seen.add(id(value))
    try:
        if isinstance(value, list):
            out_list = []
            for item in value:
                ok, copy = plain_data(item, depth + 1, seen, budget)
                if not ok:
                    return False, None
                out_list.append(copy)
            return True, out_list
        out_dict: dict[str, Any] = {}
        for key, item in value.items():
            if not (key is None or isinstance(key, (str, float, bool))
                    or (isinstance(key, int) and _fits_in_decimal(key))):
                return False, None
            ok, copy = plain_data(item, depth + 1, seen, budget)
            if not ok:
                return False, None
            name = key if isinstance(key, str) else json.dumps(key)
            if not budget.spend(0, _json_size(name)):
                return False, None
            out_dict[name] = copy
        return True, out_dict
    finally:
        seen.discard(id(value))


def _fits_in_decimal(value: int) -> bool:
    """Whether ``str(value)`` stays within Python's integer-to-text digit limit."""
    limit = sys.get_int_max_str_digits()
    if limit == 0 or 10 * value.bit_length() <= 33 * limit:  # a decimal digit carries 3.32 bits
        return True
    try:
        str(value)  # refused before converting when too long: no quadratic work
    except ValueError:
        return False
    return True


def error_to_dict(exc: MLError) -> dict[str, Any]:
    """The fields of an ``MLError`` as JSON data (class name, message, position, hint, call chain)."""
    return {
        "class": type(exc).__name__,
        "message": exc.message,
        "filename": exc.filename,
        "line": exc.line,
        "column": exc.column,
        "source_line": exc.source_line,
        "hint": exc.hint,
        "kind": exc.kind,
        "error_type": getattr(exc, "error_type", None),
        "traceback": [[f.filename, f.line, f.function] for f in exc.ml_traceback],
    }


def error_from_dict(data: dict[str, Any]) -> MLError:
    """Rebuild an ``MLError`` from ``error_to_dict`` data; the class is looked up among mlpy's
    own error classes only (anything else becomes a plain ``MLError``)."""
    found = getattr(errors, str(data.get("class")), None)
    cls: type[MLError] = found if isinstance(found, type) and issubclass(found, MLError) else MLError
    kwargs: dict[str, Any] = {
        "source_line": _opt_str(data.get("source_line")),
        "hint": _opt_str(data.get("hint")),
        "kind": _opt_str(data.get("kind")),
    }
    args = (str(data.get("message", "")), _opt_str(data.get("filename")), _opt_int(data.get("line")),
            _opt_int(data.get("column")))
    exc: MLError
    if issubclass(cls, errors.MLRuntimeError):
        exc = cls(*args, error_type=str(data.get("error_type") or "Error"), **kwargs)
    else:
        exc = cls(*args, **kwargs)
    for frame in data.get("traceback") or []:
        if isinstance(frame, list) and len(frame) == 3:
            exc.ml_traceback.append(MLFrame(str(frame[0]), _opt_int(frame[1]) or 0, str(frame[2])))
    return exc


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _opt_int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


__all__ = ["MAX_PLAIN_BYTES", "MAX_PLAIN_ITEMS", "PlainBudget", "error_from_dict", "error_to_dict", "plain_data",
           "plain_globals", "plain_within"]
