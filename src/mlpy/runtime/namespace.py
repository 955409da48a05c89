"""The global namespace generated code runs in, and the ``__ml_*`` helpers of INTERNALS.md §4.

``new_globals(filename)`` returns a fresh dict whose ``__builtins__`` is one shared, prebuilt dict
holding the ML builtins and the helpers — never Python's builtins, so generated code cannot reach
``open``, ``__import__`` or ``getattr`` even by accident. ML identifiers cannot start with ``__``,
so ML code can neither read nor overwrite a helper.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from typing import Any

from mlpy.errors import MLLimitError, is_fatal
from mlpy.runtime.builtins import builtin_table, range_numbers
from mlpy.runtime.errors_runtime import catch, error_is, ml_error, throw
from mlpy.runtime.formatting import ml_str
from mlpy.runtime.guards import (
    MAX_ARRAY_ITEMS,
    MAX_STRING_CHARS,
    checked_size,
    guarded_add,
    guarded_eq,
    guarded_floordiv,
    guarded_ge,
    guarded_gt,
    guarded_le,
    guarded_lt,
    guarded_mod,
    guarded_mul,
    guarded_ne,
    guarded_pow,
)
from mlpy.runtime.iteration import ml_iter
from mlpy.runtime.members import call_method, get_member, set_member, str_join


def ml_member(obj: Any, name: str) -> Any:
    """``__ml_member``: ``obj.name``; the dict case is inlined because it is the hot one."""
    if type(obj) is dict:
        try:
            return obj[name]
        except KeyError:
            return len(obj) if name == "length" else None
    return get_member(obj, name)


def ml_in_fatal() -> bool:
    """``__ml_in_fatal``: true inside a ``finally`` while a fatal error is propagating."""
    return is_fatal(sys.exc_info()[1])


def ml_unpack(value: Any, count: int) -> list[Any]:
    """``__ml_unpack``: ``[a, b] = value;`` needs an array (or string) of exactly ``count`` items."""
    if isinstance(value, (list, tuple, str)):
        if len(value) == count:
            return list(value)
        raise ml_error(
            "ValueError",
            f"cannot unpack {len(value)} item{'s' if len(value) != 1 else ''} into {count} names",
        )
    from mlpy.runtime.formatting import a_typeof

    raise ml_error("TypeError", f"cannot unpack {a_typeof(value)}; expected an array of {count} items")


def ml_unpack_obj(value: Any, names: tuple[str, ...]) -> tuple[Any, ...]:
    """``__ml_unpack_obj``: ``{a, b} = value;`` reads each member once from the same value."""
    return tuple(ml_member(value, name) for name in names)


def ml_import(path: tuple[str, ...], importing_file: str, alias: bool) -> Any:
    """``__ml_import``: delegate to the run's module system (``mlpy.runtime.imports``)."""
    from mlpy.runtime.imports import require_importer

    return require_importer(".".join(path)).import_module(path, importing_file, alias)


def _bound_on_first_call(helper: str, function: str, what: str) -> Callable[[], None]:
    """``helper`` (``__ml_step``, ``__ml_check``) before the limits module is loaded: the first call
    loads it, puts its ``function`` into the shared table in its own place, and calls it. ``what``
    names the feature for the error when mlpy was installed without that module."""

    def first_call() -> None:
        try:
            limits = importlib.import_module("mlpy.runtime.limits")
        except ModuleNotFoundError as exc:
            if exc.name != "mlpy.runtime.limits":
                raise
            raise MLLimitError(f"{what} was requested but mlpy.runtime.limits is not available") from None
        bound = getattr(limits, function)
        _BUILTINS[helper] = bound
        bound()

    return first_call


HELPERS: dict[str, Any] = {
    "__ml_str": ml_str,
    "__ml_member": ml_member,
    "__ml_setmember": set_member,
    "__ml_callmethod": call_method,
    "__ml_add": guarded_add,
    "__ml_sized": checked_size,
    "__ml_mul": guarded_mul,
    "__ml_mod": guarded_mod,
    "__ml_pow": guarded_pow,
    "__ml_floordiv": guarded_floordiv,
    "__ml_eq": guarded_eq,
    "__ml_ne": guarded_ne,
    "__ml_lt": guarded_lt,
    "__ml_le": guarded_le,
    "__ml_gt": guarded_gt,
    "__ml_ge": guarded_ge,
    "__ml_iter": ml_iter,
    "__ml_throw": throw,
    "__ml_catch": catch,
    "__ml_BaseException": BaseException,
    "__ml_error_is": error_is,
    "__ml_in_fatal": ml_in_fatal,
    "__ml_import": ml_import,
    "__ml_unpack": ml_unpack,
    "__ml_unpack_obj": ml_unpack_obj,
    "__ml_step": _bound_on_first_call("__ml_step", "step", "step counting"),
    "__ml_check": _bound_on_first_call("__ml_check", "check", "a limit check"),
    "__ml_len": len,  # Python's: only ever called on a known or tested string, array or object
    "__ml_range": range_numbers,
    "__ml_join": str_join,
    # A string or array this long passes every size limit (a string of wide characters counts four
    # bytes a character): generated code checks the result of a `+` inline against it.
    "__ml_sizeok": min(MAX_STRING_CHARS // 4, MAX_ARRAY_ITEMS),
}
"""INTERNALS.md §4: helper name -> implementation."""

FAST_TYPES: dict[str, Any] = {
    "__ml_dict": dict, "__ml_list": list, "__ml_strtype": str, "__ml_int": int,
    "__ml_num": (int, float), "__ml_seqtypes": (str, list), "__ml_lentypes": (str, list, dict),
}
"""The exact types generated code's inline fast paths compare with (``x.__class__ is __ml_dict``,
``x.__class__ in __ml_num``), by the names the lowering reads (its ``FAST_TYPE_NAMES``; a test keeps
the two in step). Generated code never binds them: they are in the shared ``__builtins__`` (for any
namespace with it) and in every namespace ``new_globals`` makes, where top-level code finds them at
its first dict lookup. Only these plain classes: no ML value can be anything else's instance, and
ML code cannot name them (``__``)."""

_BUILTINS: dict[str, Any] = {**builtin_table(), **HELPERS, **FAST_TYPES}


def builtins_dict() -> dict[str, Any]:
    """The shared ``__builtins__`` dict of every ML namespace (do not mutate)."""
    return _BUILTINS


_NAMESPACE_START: dict[str, Any] = {"__builtins__": _BUILTINS, "__name__": "__ml__", "__file__": "",
                                    **FAST_TYPES}
"""What every fresh namespace starts with (``__file__`` is set per namespace)."""


def new_globals(filename: str) -> dict[str, Any]:
    """A fresh global namespace for one compiled ML program or module.

    Inside a limited ``run_scope`` the namespace gets its own ``__ml_step`` (the run's C-level step
    counter, ``limits.bind_step``) and ``__ml_check`` (its C-level no-op until a limit trips), much cheaper than the shared builtin ``step()``. The limits module
    is only consulted when already imported: without it no run scope can be active.
    """
    namespace = _NAMESPACE_START.copy()  # (a copy of a dict is cheaper than building one)
    namespace["__file__"] = filename
    bind_step = getattr(sys.modules.get("mlpy.runtime.limits"), "bind_step", None)
    if bind_step is not None:
        bind_step(namespace)
    return namespace


_NAMESPACE_NAMES = frozenset({"__builtins__", "__name__", "__file__", "__ml_step", "__ml_check", *FAST_TYPES})
"""The names ``new_globals`` (and ``limits.bind_step``) put in every namespace: never ML variables."""


def ml_globals_view(globals_dict: dict[str, Any]) -> dict[str, Any]:
    """The program's own top-level ML variables: no ``__`` names, ``__kw_x`` shown as ``x``."""
    view: dict[str, Any] = {}
    fixed = _NAMESPACE_NAMES
    for name, value in globals_dict.items():
        if name in fixed:  # (skipped below too; one set lookup is cheaper than the two slices)
            continue
        if name[:2] == "__":  # helpers and dunders, except mangled ML names (one test per name)
            if name[:5] == "__kw_":
                view[name[5:]] = value
        elif not isinstance(value, type):
            view[name] = value
    return view


__all__ = [
    "FAST_TYPES",
    "HELPERS",
    "builtins_dict",
    "ml_globals_view",
    "ml_member",
    "ml_unpack",
    "ml_unpack_obj",
    "new_globals",
]
