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


def plain_data(value: Any, depth: int = 0, seen: set[int] | None = None) -> tuple[bool, Any]:
    """(ok, json-safe copy) of an ML value that is plain data; functions, modules, instances and
    cycles are not (``ok`` False). Object keys that are not strings are converted with ``str``."""
    if value is None or isinstance(value, (bool, float, str)):
        return True, value
    if isinstance(value, int):
        # JSON spells an int in decimal: one past Python's digit limit (``10 ** 5000``) cannot
        # cross, so it stays behind like a function does instead of failing the whole result.
        return (True, value) if _fits_in_decimal(value) else (False, None)
    if depth > _MAX_DEPTH or not isinstance(value, (list, dict)):
        return False, None
    seen = seen if seen is not None else set()
    if id(value) in seen:
        return False, None
    seen.add(id(value))
    try:
        if isinstance(value, list):
            out_list = []
            for item in value:
                ok, copy = plain_data(item, depth + 1, seen)
                if not ok:
                    return False, None
                out_list.append(copy)
            return True, out_list
        out_dict: dict[str, Any] = {}
        for key, item in value.items():
            if not (key is None or isinstance(key, (str, float, bool))
                    or (isinstance(key, int) and _fits_in_decimal(key))):
                return False, None
            ok, copy = plain_data(item, depth + 1, seen)
            if not ok:
                return False, None
            out_dict[key if isinstance(key, str) else json.dumps(key)] = copy
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


__all__ = ["error_from_dict", "error_to_dict", "plain_data"]
