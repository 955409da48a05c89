"""Shared helpers for the standard-library bridges: argument checks, byte data and callbacks.

Every bridge receives untrusted ML values. These helpers check them and raise plain ``TypeError`` /
``ValueError`` with ML-worded messages (``"collections.map: expected a function as 'transform', got
number"``); the runtime turns those into catchable ML errors. They also convert results back into ML
values (bytes become arrays of numbers 0-255), route capability checks to
``mlpy.runtime.capabilities.require`` (imported lazily, so importing a bridge stays cheap), and keep
per-run state of module instances (``run_state``, on the run's import session). Extension authors
may use them too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mlpy.modules.session import run_state
from mlpy.runtime.callbacks import call_ml
from mlpy.runtime.formatting import typeof as ml_type_name
from mlpy.runtime.guards import charge_work, check_ordering, check_search, limits_active
from mlpy.runtime.metadata import class_info_of


def _fail(function: str, param: str, wanted: str, value: Any) -> TypeError:
    return TypeError(f"{function}: expected {wanted} as '{param}', got {ml_type_name(value)}")


def expect_list(function: str, param: str, value: Any) -> list[Any]:
    """Check that ``value`` is an ML array (a tuple is accepted and copied into a list)."""
    if isinstance(value, list):
        return value
    if isinstance(value, tuple):
        return list(value)
    raise _fail(function, param, "an array", value)


def expect_dict(function: str, param: str, value: Any) -> dict[Any, Any]:
    """Check that ``value`` is an ML object."""
    if isinstance(value, dict):
        return value
    raise _fail(function, param, "an object", value)


def expect_str(function: str, param: str, value: Any) -> str:
    """Check that ``value`` is an ML string."""
    if isinstance(value, str):
        return value
    raise _fail(function, param, "a string", value)


def expect_int(function: str, param: str, value: Any) -> int:
    """Check that ``value`` is an integer number (a float with an integral value is accepted)."""
    if isinstance(value, bool):
        raise _fail(function, param, "an integer", value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise _fail(function, param, "an integer", value)


def expect_number(function: str, param: str, value: Any) -> int | float:
    """Check that ``value`` is an ML number (booleans are not numbers here)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    raise _fail(function, param, "a number", value)


def expect_bool(function: str, param: str, value: Any) -> bool:
    """Check that ``value`` is an ML boolean."""
    if isinstance(value, bool):
        return value
    raise _fail(function, param, "a boolean", value)


def expect_callable(function: str, param: str, value: Any) -> Callable[..., Any]:
    """Check that ``value`` is a function ML may call (ML function, arrow function, module function)."""
    if callable(value) and not isinstance(value, type) and class_info_of(value) is None:
        checked: Callable[..., Any] = value
        return checked
    raise _fail(function, param, "a function", value)


def bytes_to_ml(data: bytes | bytearray) -> list[int]:
    """Byte data as ML sees it: an array of numbers 0-255."""
    return list(data)


def ml_to_bytes(function: str, param: str, value: Any) -> bytes:
    """An ML array of numbers 0-255 (or a string, encoded as UTF-8) as Python bytes."""
    if isinstance(value, str):
        return value.encode("utf-8")
    items = expect_list(function, param, value)
    out = bytearray()
    for index, item in enumerate(items):
        if isinstance(item, bool) or not isinstance(item, int) or not 0 <= item <= 255:
            shown = repr(item) if isinstance(item, int | float) and not isinstance(item, bool) else (
                f"a {ml_type_name(item)}")
            raise ValueError(
                f"{function}: '{param}' must be an array of numbers 0-255, item {index} is {shown}"
            )
        out.append(item)
    return bytes(out)


def call(function: Callable[..., Any], *args: Any) -> Any:
    """Call an ML callback with positional arguments and return its result.

    ML functions compile to Python callables; the call goes through ``call_ml``, which counts
    callbacks nested through library code against the native stack (see ``mlpy.runtime.callbacks``).
    """
    return call_ml(function, *args)


def require(kind: str, target: str | None, function: str) -> str | None:
    """Check the current execution's grant of ``kind`` for ``target``; raises ``MLCapabilityError``.

    Returns the normalised target (the real path for ``read``/``write``): callers open exactly that.
    A thin lazy wrapper around ``mlpy.runtime.capabilities.require`` so bridges import nothing heavy
    at load time.
    """
    from mlpy.runtime.capabilities import require as _require

    return _require(kind, target, function=function)


def allowed(kind: str, target: str | None) -> bool:
    """Whether the current execution may do ``kind`` on ``target`` (never raises)."""
    from mlpy.runtime.capabilities import check

    return check(kind, target)


def require_path(kind: str, path: Any, function: str, param: str = "path") -> str:
    """Check a path argument and its grant; return the real path to operate on."""
    text = expect_str(function, param, path)
    if text == "" or "\x00" in text:
        raise ValueError(f"{function}: '{param}' must be a non-empty path without NUL characters")
    resolved = require(kind, text, function)
    assert resolved is not None
    return resolved


def os_error(function: str, path: str, exc: OSError) -> ValueError:
    """An ML-worded error for a failed file operation (the path as the program gave it)."""
    import errno as _errno

    reasons = {
        _errno.ENOENT: "no such file or directory",
        _errno.EEXIST: "already exists",
        _errno.EISDIR: "is a directory",
        _errno.ENOTDIR: "not a directory",
        _errno.EACCES: "permission denied",
        _errno.EPERM: "operation not permitted",
        _errno.ENOTEMPTY: "directory not empty",
    }
    reason = reasons.get(exc.errno or 0, exc.strerror or "operation failed")
    return ValueError(f"{function}: {reason}: '{path}'")


def stat_granted(function: str, path: Any) -> Any:
    """``os.stat`` of ``path`` after the read grant check, or None when nothing is there.

    The one route the file and path modules use to look at a path's metadata (exists, size,
    type, times), so that probing the filesystem always needs the read grant.
    """
    import os

    resolved = require_path("read", path, function)
    try:
        return os.stat(resolved)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise os_error(function, path, exc) from None


def is_kind(function: str, path: Any, directory: bool) -> bool:
    """Whether ``path`` is a directory (``directory``) or a regular file; needs the read grant."""
    import stat

    info = stat_granted(function, path)
    if info is None:
        return False
    return stat.S_ISDIR(info.st_mode) if directory else stat.S_ISREG(info.st_mode)


def unique_values(items: list[Any], function: str = "unique") -> list[Any]:
    """The items without repeats, keeping the first occurrence of each, in order.

    Hashable values are de-duplicated in linear time (``true`` is kept apart from ``1``, ``1`` and
    ``1.0`` are the same number); arrays and objects are compared with ``==``, each with the arrays
    and objects kept so far, after ``check_search`` (under limits: values that share their arrays
    exponentially would make one such comparison a C call of hours). ``function`` names the caller.
    """
    seen: set[Any] = set()
    booleans: set[bool] = set()  # apart, so that true is not 1 (no key tuple per item to allocate)
    unhashable: list[Any] = []
    out: list[Any] = []
    for index, item in enumerate(items):
        if not index & 1023:
            charge_work()  # a long loop still stops at the run's time and step limits
        found = booleans if item.__class__ is bool else seen
        try:
            if item in found:
                continue
            found.add(item)
        except TypeError:
            if unhashable:
                charge_work()  # the scan below is linear in the arrays seen so far
                check_search(unhashable, item, function)
            if any(type(other) is type(item) and other == item for other in unhashable):
                continue
            unhashable.append(item)
        out.append(item)
    return out


def sort_values(function: str, items: list[Any], reverse: bool = False,
                key: Callable[[Any], Any] | None = None) -> list[Any]:
    """A sorted copy; comparing values of different kinds raises an ML-worded TypeError. ``key``
    must be plain Python (run twice under limits: its results are measured before sorting)."""
    if key is None:  # one C call: bounded (with a key, each ML key call is a step)
        from mlpy.runtime.guards import check_sort_size  # noqa: PLC0415 - light, kept lazy

        check_sort_size(len(items), function)
        check_ordering(items, function)  # under limits: arrays that share their arrays exponentially
    elif len(items) > 1 and limits_active():
        check_ordering(list(map(key, items)), function)  # ... as keys too (``key`` runs no ML code)
    try:
        return sorted(items, key=key, reverse=reverse)
    except TypeError:
        raise TypeError(f"{function}: cannot compare the items (they must all be numbers or all "
                        f"strings)") from None


__all__ = [
    "allowed",
    "bytes_to_ml",
    "call",
    "expect_bool",
    "expect_callable",
    "expect_dict",
    "expect_int",
    "expect_list",
    "expect_number",
    "expect_str",
    "is_kind",
    "ml_to_bytes",
    "ml_type_name",
    "os_error",
    "require",
    "require_path",
    "run_state",
    "sort_values",
    "stat_granted",
    "unique_values",
]
