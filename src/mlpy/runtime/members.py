"""The one dispatcher for ``obj.name``, ``obj.name = v`` and ``obj.name(args)`` (see docs/language/values.md).

What ML can reach is decided here, from explicit allow-lists, never by ``getattr`` with a name
from ML that has not passed one:
- object (dict): its keys (null when absent; ``length`` falls back to the number of keys);
  ``o.f(x)`` calls the function stored under ``f``;
- string / array: the allow-listed methods and the ``length`` property;
- ``MLValue``: its ``_ml_*`` methods;
- ``@ml_class`` instances: public methods, ``ClassInfo.attributes`` (read), ``writable`` (write);
- anything else (numbers, null, booleans, functions): no members at all.
Names starting with ``_`` never resolve on anything but a dict key.
"""

from __future__ import annotations

import inspect
import itertools
import operator
import re
import types
from collections.abc import Callable
from typing import Any

from mlpy.runtime.callbacks import call_ml, counted
from mlpy.runtime.errors_runtime import MLThrown, ml_error, ml_type_error
from mlpy.runtime.formatting import a_typeof, is_function, typeof
from mlpy.runtime.guards import (
    MAX_ARRAY_ITEMS,
    MAX_STRING_CHARS,
    TICK_ITEMS,
    WIDE_CHAR_BYTES,
    charge_work,
    check_array_size,
    check_ordering,
    check_search,
    check_sort_size,
    check_string_size,
    check_width,
    limits_active,
)
from mlpy.runtime.metadata import class_info_of
from mlpy.runtime.values import MLValue

_MISSING = object()


# --- string methods ---------------------------------------------------------------------------


def str_join(sep: str, items: Any) -> str:
    """``sep.join(items)`` (also the ``__ml_join`` helper): every item must be a string.

    Everything runs in C: the size check before building (the summed lengths; whether the text is
    wide only matters near the limit), then Python's ``join``, which refuses an item that is not a
    string. Only on that error path a Python loop finds the item to name.
    """
    if isinstance(items, dict):
        items = list(items)
    if not isinstance(items, (list, tuple)):
        raise ml_type_error(f"join() expects an array of strings, not {a_typeof(items)}")
    try:
        if len(items) > 1:
            total = sum(map(len, items)) + len(sep) * (len(items) - 1)
            if total > MAX_STRING_CHARS // WIDE_CHAR_BYTES:
                wide = not sep.isascii() or not all(map(str.isascii, items))
                check_string_size(total, "join", "\u0100" if wide else "")
            if total > TICK_ITEMS or len(items) > TICK_ITEMS:
                charge_work()
        return sep.join(items)
    except TypeError:  # an item that is not a string (no length, not ASCII-testable, not joinable)
        found = next(((i, x) for i, x in enumerate(items) if not isinstance(x, str)), None)
        if found is None:
            raise
        index, item = found
        raise ml_type_error(
            f"join() expects an array of strings; item {index} is {a_typeof(item)} "
            "(use str() to convert it)"
        ) from None


def _str_replace(text: str, old: Any, new: Any, *rest: Any) -> str:
    """``s.replace(old, new[, count])`` refusing results above the string limit before building
    them: ``"a".replace("", "x" * 10**6)`` inserts ``new`` between every character."""
    if isinstance(old, str) and isinstance(new, str) and len(new) > len(old):
        found = len(text) + 1 if old == "" else text.count(old)
        if rest and isinstance(rest[0], int) and rest[0] >= 0:
            found = min(found, rest[0])
        check_string_size(len(text) + found * (len(new) - len(old)), "replace",
                          text if not text.isascii() else new)
    return text.replace(old, new, *rest)


def _part_count(text: str, sep: Any, maxsplit: Any, lines: bool) -> int:
    """How many items splitting ``text`` would give (an upper bound for ``maxsplit``)."""
    if lines:
        return text.count("\n") + text.count("\r") + 1
    if isinstance(sep, str) and sep:
        found = text.count(sep) + 1
    else:
        words = re.finditer(r"\S+", text)  # counted without building the words
        found = sum(1 for _ in itertools.islice(words, MAX_ARRAY_ITEMS + 1))
    if isinstance(maxsplit, int) and maxsplit >= 0:
        found = min(found, maxsplit + 1)
    return found


def _str_split(text: str, sep: Any = None, maxsplit: Any = -1) -> list[str]:
    """``s.split([sep[, maxsplit]])`` refusing more items than an array may hold: a 100 MB string
    of separators would otherwise become 10**8 array items (about 1 GB)."""
    if len(text) > MAX_ARRAY_ITEMS:
        check_array_size(_part_count(text, sep, maxsplit, lines=False), "split")
    return text.split(sep, maxsplit)


def _str_splitlines(text: str, *rest: Any) -> list[str]:
    """``s.splitlines([keepends])`` with the same item limit as ``split``."""
    if len(text) > MAX_ARRAY_ITEMS:
        check_array_size(_part_count(text, None, -1, lines=True), "splitlines")
    return text.splitlines(*rest)


def _padding(method: Callable[..., str], what: str) -> Callable[..., str]:
    def pad(text: str, width: Any = 0, *rest: Any) -> str:
        fill = rest[0] if rest and isinstance(rest[0], str) else ""
        check_width(width, what, text if text.isascii() and fill.isascii() else "\u0100")
        return method(text, width, *rest)

    pad.__name__ = what
    return pad


STRING_METHODS: dict[str, Callable[..., Any]] = {
    "upper": str.upper,
    "lower": str.lower,
    "strip": str.strip,
    "lstrip": str.lstrip,
    "rstrip": str.rstrip,
    "replace": _str_replace,
    "split": _str_split,
    "join": str_join,
    "startswith": str.startswith,
    "endswith": str.endswith,
    "find": str.find,
    "rfind": str.rfind,
    "index": str.index,
    "count": str.count,
    "isdigit": str.isdigit,
    "isalpha": str.isalpha,
    "isalnum": str.isalnum,
    "isspace": str.isspace,
    "isupper": str.isupper,
    "islower": str.islower,
    "capitalize": str.capitalize,
    "title": str.title,
    "center": _padding(str.center, "center"),
    "ljust": _padding(str.ljust, "ljust"),
    "rjust": _padding(str.rjust, "rjust"),
    "zfill": _padding(str.zfill, "zfill"),
    "splitlines": _str_splitlines,
}
"""The string allow-list: ML name -> function taking the string first."""


# --- array methods ----------------------------------------------------------------------------


def sort_items(items: list[Any], key_or_reverse: Any, reverse: Any, function: str) -> None:
    """Sort ``items`` in place the ML way: ``key_or_reverse`` is a key function or the ``reverse``
    flag; ``function`` (``"sort()"``, ``"sorted()"``) names the caller in errors."""
    if key_or_reverse is None or isinstance(key_or_reverse, bool):
        check_sort_size(len(items), function)  # with a key, each ML call is a step: no bound
        check_ordering(items, function)  # arrays that share their arrays: hours of C comparisons
        items.sort(reverse=bool(key_or_reverse) or bool(reverse))
    elif is_function(key_or_reverse):
        if limits_active() and len(items) > 1:
            _sort_by_measured_keys(items, counted(key_or_reverse), bool(reverse), function)
        else:
            items.sort(key=counted(key_or_reverse), reverse=bool(reverse))
    else:
        raise ml_type_error(
            f"{function} expects a key function or a boolean (reverse), not {a_typeof(key_or_reverse)}"
        )


def _sort_by_measured_keys(items: list[Any], key: Callable[[Any], Any], reverse: bool, function: str) -> None:
    """``items.sort(key=key, reverse=reverse)`` under limits, with every key computed first and then
    measured (``check_ordering``) before the first comparison, once no ML code can run any more: a
    key function could otherwise grow the keys it returned earlier into values that share their
    arrays exponentially. As in Python's sort, the key function sees the list empty, and a list it
    modifies is restored and refused."""
    snapshot = items[:]
    del items[:]
    try:
        keys = [key(item) for item in snapshot]
    finally:
        modified = bool(items)
        items[:] = snapshot
    if modified:
        raise ValueError("list modified during sort")
    check_ordering(keys, function)
    order = sorted(range(len(keys)), key=keys.__getitem__, reverse=reverse)  # stable, as list.sort
    items[:] = [snapshot[index] for index in order]


def _list_sort(items: list[Any], key_or_reverse: Any = None, reverse: Any = False) -> None:
    """``arr.sort()``, ``arr.sort(true)`` (descending), ``arr.sort(key_fn)``, ``arr.sort(key_fn, true)``."""
    sort_items(items, key_or_reverse, reverse, "sort()")


def _list_extend(items: list[Any], more: Any) -> None:
    """``arr.extend(other)`` refusing to grow the array beyond the array limit (``a.extend(a)``
    doubles it)."""
    if isinstance(more, (list, tuple, str, dict)):
        check_array_size(len(items) + len(more), "extend")
    items.extend(more)


def _list_index(items: list[Any], value: Any, *bounds: Any) -> int:
    """``arr.index(x)``: Python's message would embed ``repr(x)`` (built in C, with no limit: a
    value sharing its arrays 40 times over takes hours), so a missing value gets an ML message.
    Under limits an array or object ``value`` is measured first (``check_search``): comparing it
    with the items is one C call."""
    check_search(items, value, "index()")
    try:
        if bounds:  # operator.indexOf takes no bounds: search the slice, then shift
            window = slice(bounds[0], bounds[1] if len(bounds) > 1 else None)
            return window.indices(len(items))[0] + operator.indexOf(items[window], value)
        return operator.indexOf(items, value)  # list.index would build repr(value) in C on a miss
    except ValueError:
        raise ml_error("ValueError", "index(): the value is not in the array") from None


def _list_remove(items: list[Any], value: Any) -> None:
    """``arr.remove(x)`` with the same ML message and checks as ``index`` for a missing value."""
    check_search(items, value, "remove()")
    try:
        items.remove(value)
    except ValueError:
        raise ml_error("ValueError", "remove(): the value is not in the array") from None


def _list_count(items: list[Any], value: Any) -> int:
    """``arr.count(x)``: how many items equal ``x`` (checked as ``index`` is)."""
    check_search(items, value, "count()")
    return items.count(value)


ARRAY_METHODS: dict[str, Callable[..., Any]] = {
    "append": list.append,
    "extend": _list_extend,
    "insert": list.insert,
    "remove": _list_remove,
    "pop": list.pop,
    "index": _list_index,
    "count": _list_count,
    "sort": _list_sort,
    "reverse": list.reverse,
    "clear": list.clear,
    "copy": list.copy,
}
"""The array allow-list: ML name -> function taking the array first."""


class MLBoundMethod(MLValue):
    """``s.upper`` read without calling it: a function value bound to its string or array."""

    __slots__ = ("_func", "_name", "_target")

    def __init__(self, target: Any, name: str, func: Callable[..., Any]) -> None:
        self._target = target
        self._name = name
        self._func = func

    def __call__(self, *args: Any) -> Any:
        if len(self._target) > TICK_ITEMS:
            charge_work()  # as ``call_method`` does
        return self._func(self._target, *args)

    def _ml_typeof(self) -> str:
        return "function"

    def _ml_str(self) -> str:
        return f"<function {self._name}>"


# --- @ml_class instances ----------------------------------------------------------------------

_METHOD_TYPES = (types.FunctionType, types.BuiltinFunctionType, types.MethodType)


def _class_member(obj: Any, name: str) -> Any:
    """A public member of an ``@ml_class`` instance, or ``_MISSING``."""
    info = class_info_of(obj)
    if info is None:
        return _MISSING
    if name in info.attributes:
        return getattr(obj, name, None)
    attribute = getattr(type(obj), name, _MISSING)
    if isinstance(attribute, _METHOD_TYPES) or isinstance(attribute, (staticmethod, classmethod)):
        return getattr(obj, name)
    return _MISSING


def _class_member_names(obj: Any) -> list[str]:
    info = class_info_of(obj)
    if info is None:
        return []
    names = set(info.attributes)
    for name in dir(type(obj)):
        if not name.startswith("_") and isinstance(getattr(type(obj), name, None), _METHOD_TYPES):
            names.add(name)
    return sorted(names)


# --- the dispatcher ---------------------------------------------------------------------------


def no_member(obj: Any, name: str) -> MLThrown:
    """The catchable ``AttributeError`` for an unknown member, naming the type in ML words."""
    return ml_error("AttributeError", f"'{typeof(obj)}' has no member '{name}'")


def _value_no_member(obj: Any, name: str, exc: AttributeError) -> MLThrown:
    """An ``MLValue``'s own wording (e.g. a module's "did you mean") when it gave one."""
    message = str(exc)
    if message and message not in (name, repr(name)):
        return ml_error("AttributeError", message)
    return no_member(obj, name)


def get_member(obj: Any, name: str) -> Any:
    """``obj.name`` for any value (the ``__ml_member`` helper)."""
    kind = type(obj)
    if kind is dict:
        value = obj.get(name, _MISSING)
        if value is _MISSING:
            return len(obj) if name == "length" else None
        return value
    if not isinstance(name, str) or name.startswith("_"):
        raise no_member(obj, str(name))
    if kind is str or kind is list:
        if name == "length":
            return len(obj)
        method = (STRING_METHODS if kind is str else ARRAY_METHODS).get(name)
        if method is not None:
            return MLBoundMethod(obj, name, method)
        raise no_member(obj, name)
    if isinstance(obj, MLValue):
        try:
            return obj._ml_get_member(name)
        except AttributeError as exc:
            raise _value_no_member(obj, name, exc) from None
    if isinstance(obj, dict):
        return obj.get(name, len(obj) if name == "length" else None)
    value = _class_member(obj, name)
    if value is _MISSING:
        raise no_member(obj, name)
    return value


def set_member(obj: Any, name: str, value: Any) -> None:
    """``obj.name = value`` (the ``__ml_setmember`` helper)."""
    if type(obj) is dict:
        obj[name] = value
        return
    if not isinstance(name, str) or name.startswith("_"):
        raise _cannot_set(obj, str(name))
    if isinstance(obj, MLValue):
        try:
            obj._ml_set_member(name, value)
        except AttributeError:
            raise _cannot_set(obj, name) from None
        return
    if isinstance(obj, dict):
        obj[name] = value
        return
    info = class_info_of(obj)
    if info is not None and name in info.writable:
        setattr(obj, name, value)
        return
    raise _cannot_set(obj, name)


def _cannot_set(obj: Any, name: str) -> MLThrown:
    return ml_error("AttributeError", f"cannot set member '{name}' of a value of type '{typeof(obj)}'")


def call_method(obj: Any, name: str, *args: Any) -> Any:
    """``obj.name(args)`` (the ``__ml_callmethod`` helper).

    A method of a string or array longer than ``TICK_ITEMS`` charges the run a step: it walks the
    whole sequence in one C call (``count``, ``index``, ``copy``, ``upper``, ``replace``...: ~20 ms
    for 2,000,000 items, 0.2 s for ``upper`` of 8,000,000 characters that expand), and a program of
    nothing but such calls, one after another, counts no step of its own (steps come with loop
    iterations and function calls): 300 lines of ``n = a.count(5);`` ran 4.3 s past ``timeout=1``.
    Charged, each call checks the deadline."""
    kind = type(obj)
    if kind is list:
        method = ARRAY_METHODS.get(name)
        if method is not None:
            if len(obj) > TICK_ITEMS:
                charge_work()  # see the docstring
            return method(obj, *args)
    elif kind is dict:
        func = obj.get(name)
        if func is not None and is_function(func):
            return call_ml(func, *args)
        if name in obj:
            raise ml_type_error(f"the value under key '{name}' is {a_typeof(func)}, not a function")
        raise ml_type_error(f"object has no function '{name}' to call")
    elif kind is str:
        method = STRING_METHODS.get(name)
        if method is not None:
            if len(obj) > TICK_ITEMS:
                charge_work()  # see the docstring
            return method(obj, *args)
    member = get_member(obj, name)
    if not is_function(member) and not (class_info_of(obj) is not None and callable(member)):
        raise ml_type_error(f"member '{name}' of {a_typeof(obj)} is {a_typeof(member)}, not a function")
    return call_ml(member, *args)


def member_names(obj: Any) -> list[str]:
    """The members ML can see on ``obj`` (``methods()``, ``hasattr``, REPL completion), sorted."""
    if isinstance(obj, dict):
        return sorted(key for key in obj if isinstance(key, str))
    if isinstance(obj, str):
        return sorted([*STRING_METHODS, "length"])
    if isinstance(obj, list):
        return sorted([*ARRAY_METHODS, "length"])
    if isinstance(obj, MLValue):
        return sorted(name for name in obj._ml_member_names() if not name.startswith("_"))
    return _class_member_names(obj)


def has_member(obj: Any, name: str) -> bool:
    """``hasattr(obj, name)``: an object's key, or a member the allow-lists expose."""
    if isinstance(obj, dict):
        return name in obj
    if not isinstance(name, str) or name.startswith("_"):
        return False
    try:
        get_member(obj, name)
    except MLThrown:
        return False
    return True


def lookup_member(obj: Any, name: str, default: Any = None) -> Any:
    """``getattr(obj, name, default)``: like ``obj.name`` but ``default`` where it does not exist."""
    if isinstance(obj, dict):
        return obj.get(name, default)
    if not isinstance(name, str) or name.startswith("_"):
        return default
    try:
        return get_member(obj, name)
    except MLThrown:
        return default


MISSING = _MISSING
"""What :func:`peek_member` answers for a member it cannot read without running code."""


def peek_member(obj: Any, name: str) -> Any:
    """``obj.name`` for tools that must not run code (REPL completion), or ``MISSING``.

    Plain values and ``MLValue`` objects answer as ``get_member`` does (neither runs code); an
    ``@ml_class`` attribute is read statically, so a property getter never runs: ``MISSING``.
    """
    if isinstance(obj, (dict, str, list, MLValue)):
        try:
            return get_member(obj, name)
        except MLThrown:
            return MISSING
    info = class_info_of(obj)
    if info is None or not isinstance(name, str) or name.startswith("_"):
        return MISSING
    found = inspect.getattr_static(obj, name, MISSING)
    if isinstance(found, types.MemberDescriptorType) and name in info.attributes:
        return found.__get__(obj, type(obj))  # a __slots__ field: a plain read
    on_class = inspect.getattr_static(type(obj), name, MISSING) is found
    if not on_class:
        return found if name in info.attributes else MISSING
    if isinstance(found, types.FunctionType):
        return types.MethodType(found, obj)
    return MISSING  # a property or another descriptor: reading it would run code


__all__ = [
    "ARRAY_METHODS",
    "MISSING",
    "STRING_METHODS",
    "MLBoundMethod",
    "call_method",
    "get_member",
    "has_member",
    "lookup_member",
    "member_names",
    "no_member",
    "peek_member",
    "set_member",
]
