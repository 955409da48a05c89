"""The ML builtin functions (listed in docs/language/values.md) and the ``builtin`` module value.

Each builtin is a plain Python function registered under its ML name; its ``__name__`` and code
name are the ML name, so Python's own argument-count messages already read ``len() takes 1
argument but 2 were given``. Errors are ML errors (``MLThrown``) with ML wording. Nothing here
returns a Python object that is not an ML value. The builtins that describe the run (``help``,
capabilities, modules) are in ``mlpy.runtime.introspection``; both register in
``mlpy.runtime.builtin_registry``.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from typing import Any

from mlpy.errors import MLLimitError
from mlpy.runtime import introspection as _introspection  # noqa: F401 - registers help(), capabilities, modules
from mlpy.runtime.builtin_registry import BUILTINS
from mlpy.runtime.builtin_registry import builtin as _builtin
from mlpy.runtime.callbacks import call_ml
from mlpy.runtime.context import current
from mlpy.runtime.errors_runtime import ml_error, ml_type_error, ml_value_error, value_error_text
from mlpy.runtime.formatting import a_typeof, is_function, ml_repr, ml_str, typeof
from mlpy.runtime.guards import (
    MAX_ARRAY_ITEMS,
    MAX_ROUND_DIGITS,
    TICK_ITEMS,
    charge_work,
    charged,
    check_array_size,
    check_format_fields,
    check_int_bits,
    check_int_division,
    check_ordering,
)
from mlpy.runtime.iteration import MLIterator, ml_iter
from mlpy.runtime.members import has_member, lookup_member, member_names, sort_items
from mlpy.runtime.values import MLValue

_LOG2_10 = math.log2(10)

def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _items(value: Any, who: str) -> list[Any]:
    """The items of an array / string / object (keys) / iterator, for builtins taking a collection.

    More than ``TICK_ITEMS`` of them charge the run a step: the builtin walks them all in C
    (``reversed``, ``all``...), and one statement of many such calls (``m = max(a) + max(a) + ...``)
    counts no step of its own, so each call must check the deadline."""
    if isinstance(value, list):
        if len(value) > TICK_ITEMS:
            charge_work()
        return value
    if isinstance(value, (str, tuple, dict)):
        check_array_size(len(value), f"{who}()")  # a string becomes one item per character
        if len(value) > TICK_ITEMS:
            charge_work()
        return list(value)
    if isinstance(value, MLIterator):
        items = list(itertools.islice(value, MAX_ARRAY_ITEMS + 1))
        check_array_size(len(items), f"{who}()")
        if len(items) > TICK_ITEMS:
            charge_work()
        return items
    raise ml_type_error(f"{who}() expects an array, a string or an object, not {a_typeof(value)}")


# --- output and input -------------------------------------------------------------------------


@_builtin("print")
def ml_print(*values: Any) -> None:
    """Write the values, separated by one space, and a newline to the program's output."""
    current().stdout.write(" ".join([ml_str(value) for value in values]) + "\n")


@_builtin("input")
def ml_input(prompt: Any = "") -> str | None:
    """Show ``prompt`` and read one line (without its newline); null at end of input."""
    ctx = current()
    if prompt != "":
        ctx.stdout.write(ml_str(prompt))
        flush = getattr(ctx.stdout, "flush", None)
        if flush is not None:
            flush()
    line = ctx.stdin.readline()
    if line == "":
        return None
    if line.endswith("\n"):
        line = line[:-1]
        if line.endswith("\r"):
            line = line[:-1]
    return line


# --- conversions ------------------------------------------------------------------------------


def _shown(value: Any) -> str:
    """A value as named in a conversion message: ``'abc'``, ``null``, ``an array``, ``a function``."""
    if isinstance(value, str):
        return f"'{value}'"
    if value is None or isinstance(value, bool) or _is_number(value):
        return ml_str(value)
    word = typeof(value)
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


@_builtin("int")
def ml_int(value: Any = 0, base: Any = None) -> int:
    """Convert to an integer: floats truncate, strings may hold an int or a float (``"3.7"`` -> 3)."""
    if base is not None:
        if not isinstance(value, str) or not isinstance(base, int):
            raise ml_type_error("int() with a base expects a string and a whole-number base")
        text = value.strip()
        if 2 <= base <= 36:  # each digit is at most log2(base) bits: refuse before converting
            check_int_bits(int(len(text) * math.log2(base)) - 64, "int()")
        try:
            whole = int(text, base)
        except ValueError:
            raise ml_value_error(f"int(): cannot convert {_shown(value)} to a number in base {base}") from None
        check_int_bits(whole.bit_length(), "int()")  # base 0 reads 0x/0b/0o prefixes
        return whole
    kind = type(value)
    if kind is int:
        return value
    if kind is bool:
        return int(value)
    if kind is float:
        if math.isfinite(value):
            return int(value)
        raise ml_value_error(f"int(): cannot convert {ml_str(value)} to a whole number")
    if isinstance(value, str):
        number = number_from_text(value.strip())
        if isinstance(number, int) or (number is not None and math.isfinite(number)):
            return int(number)
    raise ml_value_error(f"int(): cannot convert {_shown(value)} to a number")


def number_from_text(text: str) -> int | float | None:
    """The number ``text`` spells: an int when it is one (``42``, ``1_000``), else a float (``3.7``,
    ``1e6``, ``inf``), else None. Shared by ``int()`` and the command line's whole-number options."""
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return None


@_builtin("float")
def ml_float(value: Any = 0.0) -> float:
    """Convert to a float; strings are trimmed (``"inf"`` and ``"nan"`` are accepted)."""
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            pass
    raise ml_value_error(f"float(): cannot convert {_shown(value)} to a number")


@_builtin("str")
def ml_str_builtin(value: Any = "") -> str:
    """The ML text of a value (what ``print`` shows)."""
    return ml_str(value)


@_builtin("bool")
def ml_bool(value: Any = False) -> bool:
    """Truthiness: ``0``, ``""``, ``[]``, ``{}``, null and false are false."""
    if isinstance(value, MLValue):
        return True
    return bool(value)


@_builtin("repr")
def ml_repr_builtin(value: Any) -> str:
    """The container notation of a value (strings quoted)."""
    return ml_repr(value)


@_builtin("typeof")
def ml_typeof(value: Any) -> str:
    """``"number" "string" "boolean" "null" "array" "object" "function" "module" "error"`` or a class name."""
    return typeof(value)


@_builtin("isinstance")
def ml_isinstance(value: Any, type_name: Any) -> bool:
    """Whether ``typeof(value)`` is ``type_name``."""
    if not isinstance(type_name, str):
        raise ml_type_error(f"isinstance() expects a type name string, not {a_typeof(type_name)}")
    return typeof(value) == type_name


@_builtin("callable")
def ml_callable(value: Any) -> bool:
    """Whether the value is a function."""
    return is_function(value)


# --- collections ------------------------------------------------------------------------------


@_builtin("len")
def ml_len(value: Any) -> int:
    """The length of a string, an array or an object."""
    if isinstance(value, (str, list, dict, tuple)):
        return len(value)
    raise ml_type_error(f"len() expects a string, an array or an object, not {a_typeof(value)}")


@_builtin("range")
def ml_range(*args: Any) -> list[int]:
    """``range(stop)``, ``range(start, stop)``, ``range(start, stop, step)`` as an array."""
    numbers = range_numbers(*args)
    check_array_size(len(numbers), "range()")  # only when the array is built (not in a for loop)
    _check_number_sizes(len(numbers), max(int(arg).bit_length() for arg in args), "range()")
    return list(numbers)


def _check_number_sizes(count: int, bits: int, who: str) -> None:
    """Refuse ``count`` new integers of ``bits`` bits each when together they exceed what the
    largest array of 64-bit numbers holds (range(-2**3000000, ...) would make each one huge)."""
    if bits > 64 and count * bits > 64 * MAX_ARRAY_ITEMS:
        raise MLLimitError(f"{who} would build {count} numbers of {bits} bits each (limit: "
                           f"{64 * MAX_ARRAY_ITEMS} bits in all)")


def range_numbers(*args: Any) -> range:
    """The numbers of ``range(...)`` unbuilt, after the builtin's checks: what ``for (i in
    range(n))`` iterates (the ``__ml_range`` helper), so a loop never builds the array."""
    if not 1 <= len(args) <= 3:
        raise ml_type_error(f"range() takes 1 to 3 arguments but {len(args)} were given")
    for arg in args:
        if not isinstance(arg, int):
            raise ml_type_error(f"range() arguments must be whole numbers, not {typeof(arg)}")
    if len(args) == 3 and args[2] == 0:
        raise ml_value_error("range() step must not be zero")
    return range(*(int(arg) for arg in args))


@_builtin("enumerate")
def ml_enumerate(items: Any, start: Any = 0) -> list[list[Any]]:
    """``[[start, a], [start + 1, b], ...]``."""
    if not isinstance(start, int):
        raise ml_type_error(f"enumerate() start must be a whole number, not {typeof(start)}")
    _check_number_sizes(len(items) if isinstance(items, (list, str, dict, tuple)) else 0,
                        int(start).bit_length(), "enumerate()")
    return [[index, item] for index, item in charged(enumerate(_items(items, "enumerate"), int(start)))]


@_builtin("zip")
def ml_zip(*arrays: Any) -> list[list[Any]]:
    """Pairs (triples...) of items at the same index, as arrays, as long as the shortest input."""
    return [list(group) for group in charged(zip(*(_items(array, "zip") for array in arrays), strict=False))]


@_builtin("sorted")
def ml_sorted(items: Any, key_or_reverse: Any = None, reverse: Any = False) -> list[Any]:
    """A sorted copy: ``sorted(arr)``, ``sorted(arr, true)`` descending, ``sorted(arr, key_fn)``."""
    result = list(_items(items, "sorted"))
    sort_items(result, key_or_reverse, reverse, "sorted()")
    return result


@_builtin("reversed")
def ml_reversed(items: Any) -> list[Any]:
    """The items in reverse order, as an array (a string gives its characters)."""
    return list(reversed(_items(items, "reversed")))


@_builtin("keys")
def ml_keys(obj: Any) -> list[Any]:
    """An object's keys in insertion order."""
    if isinstance(obj, dict):
        if len(obj) > TICK_ITEMS:
            charge_work()  # see ``_items``
        return list(obj)
    raise ml_type_error(f"keys() expects an object, not {a_typeof(obj)}")


@_builtin("values")
def ml_values(obj: Any) -> list[Any]:
    """An object's values in insertion order."""
    if isinstance(obj, dict):
        if len(obj) > TICK_ITEMS:
            charge_work()  # see ``_items``
        return list(obj.values())
    raise ml_type_error(f"values() expects an object, not {a_typeof(obj)}")


@_builtin("sum")
def ml_sum(items: Any, start: Any = 0) -> Any:
    """The sum of the numbers of an array, plus ``start``."""
    total = start
    for index, item in enumerate(_items(items, "sum")):
        if not _is_number(item):
            raise ml_type_error(f"sum() expects an array of numbers; found {a_typeof(item)}")
        total = total + item
        if not index & 63:  # adding to a huge number copies it each time: keep the limits in reach
            charge_work()
    return total


@_builtin("all")
def ml_all(items: Any) -> bool:
    """Whether every item is truthy (true for an empty array)."""
    return all(ml_bool(item) for item in _items(items, "all"))


@_builtin("any")
def ml_any(items: Any) -> bool:
    """Whether at least one item is truthy."""
    return any(ml_bool(item) for item in _items(items, "any"))


@_builtin("iter")
def ml_iter_builtin(items: Any) -> MLIterator:
    """An iterator over an array, a string's characters or an object's keys (use ``next``)."""
    if isinstance(items, MLIterator):
        return items
    return MLIterator(ml_iter(items))


_NO_DEFAULT = object()


@_builtin("next")
def ml_next(iterator: Any, default: Any = _NO_DEFAULT) -> Any:
    """The next item of an iterator; ``default`` (or a StopIteration error) when exhausted."""
    if not isinstance(iterator, MLIterator):
        raise ml_type_error(f"next() expects an iterator (made by iter()), not {a_typeof(iterator)}")
    try:
        return next(iterator)
    except StopIteration:
        if default is _NO_DEFAULT:
            raise ml_error("StopIteration", "iterator is exhausted") from None
        return default


# --- numbers ----------------------------------------------------------------------------------


def _number_arg(value: Any, who: str) -> int | float:
    if not _is_number(value):
        raise ml_type_error(f"{who}() expects a number, not {a_typeof(value)}")
    return value


@_builtin("abs")
def ml_abs(value: Any) -> int | float:
    """The absolute value (an integer stays an integer)."""
    return abs(_number_arg(value, "abs"))


def _extreme(values: tuple[Any, ...], pick: Callable[..., Any], who: str) -> Any:
    if not values:
        raise ml_type_error(f"{who}() expects at least one argument")
    items: list[Any] | tuple[Any, ...] = values
    if len(values) == 1:
        only = values[0]
        if not isinstance(only, (list, tuple)):
            return only
        if not only:
            return None
        items = only
        if len(items) > TICK_ITEMS:
            charge_work()  # one C walk of the whole array (see ``_items``)
    # The running extreme starts as the first item and only changes to an item that compared with
    # it: unless that is an array, no array is compared with another one (mixed kinds fail at once).
    if type(items[0]) in (list, tuple):
        check_ordering(items, f"{who}()", sorting=False)
    return pick(items)


@_builtin("min")
def ml_min(*values: Any) -> Any:
    """The smallest of several arguments or of one array (null for an empty array)."""
    return _extreme(values, min, "min")


@_builtin("max")
def ml_max(*values: Any) -> Any:
    """The largest of several arguments or of one array (null for an empty array)."""
    return _extreme(values, max, "max")


@_builtin("round")
def ml_round(value: Any, digits: Any = None) -> int | float:
    """``round(x)``: nearest integer, halves to even; ``round(x, n)``: a float with n decimals."""
    number = _number_arg(value, "round")
    if digits is None:
        if isinstance(number, float) and not math.isfinite(number):
            raise ml_value_error(f"round(): cannot round {ml_str(number)} to a whole number")
        return round(number)
    if not isinstance(digits, int) or isinstance(digits, bool):
        raise ml_type_error(f"round() digits must be a whole number, not {typeof(digits)}")
    # round(1, -10**12) would compute 10**(10**12). Rounding to more than MAX_ROUND_DIGITS places
    # changes no float; an integer rounded at a place beyond its own size is 0.
    places = max(-MAX_ROUND_DIGITS, min(int(digits), MAX_ROUND_DIGITS)) if isinstance(number, float) \
        else int(digits)
    if isinstance(number, int) and places < 0:
        divisor_bits = int(-places * _LOG2_10)
        if divisor_bits > number.bit_length() + 1:
            return 0.0
        check_int_division(number, 1 << divisor_bits, "round()")
    return float(round(number, places))


@_builtin("chr")
def ml_chr(code: Any) -> str:
    """The one-character string of a Unicode code point."""
    if not isinstance(code, int) or isinstance(code, bool):
        raise ml_type_error(f"chr() expects a whole number, not {a_typeof(code)}")
    if not 0 <= code <= 0x10FFFF:
        raise ml_value_error(f"chr(): {code} is not a valid character code (0 to 1114111)")
    return chr(code)


@_builtin("ord")
def ml_ord(char: Any) -> int:
    """The Unicode code point of a one-character string."""
    if not isinstance(char, str):
        raise ml_type_error(f"ord() expects a string, not {a_typeof(char)}")
    if len(char) != 1:
        raise ml_type_error(f"ord() expects a single character, but the string has length {len(char)}")
    return ord(char)


def _whole(value: Any, who: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ml_type_error(f"{who}() expects a whole number, not {a_typeof(value)}")
    return value


@_builtin("hex")
def ml_hex(value: Any) -> str:
    """``"0xff"`` for 255."""
    return hex(_whole(value, "hex"))


@_builtin("bin")
def ml_bin(value: Any) -> str:
    """``"0b101"`` for 5."""
    return bin(_whole(value, "bin"))


@_builtin("oct")
def ml_oct(value: Any) -> str:
    """``"0o10"`` for 8."""
    return oct(_whole(value, "oct"))


@_builtin("format")
def ml_format(value: Any, spec: Any = "") -> str:
    """Python's format mini-language on a number or string (``format(3.14159, ".2f")``)."""
    if not isinstance(spec, str):
        raise ml_type_error(f"format() expects a format string, not {a_typeof(spec)}")
    check_format_fields(spec, "format()")
    if not (_is_number(value) or isinstance(value, str)):
        value = ml_str(value)
    try:
        return format(value, spec)
    except ValueError as exc:
        detail = value_error_text(exc)
        detail = "" if detail.startswith("Invalid format specifier") else f" ({detail})"  # said already
        raise ml_value_error(f"format(): invalid format {spec!r} for {a_typeof(value)}{detail}") from None


# --- members ----------------------------------------------------------------------------------


@_builtin("hasattr")
def ml_hasattr(obj: Any, name: Any) -> bool:
    """Whether ``obj`` has the key / allow-listed member ``name`` (``_`` names never exist)."""
    if not isinstance(name, str):
        raise ml_type_error(f"hasattr() expects a member name string, not {a_typeof(name)}")
    return has_member(obj, name)


@_builtin("getattr")
def ml_getattr(obj: Any, name: Any, default: Any = None) -> Any:
    """``obj.name`` if it exists (key or allow-listed member), else ``default``."""
    if not isinstance(name, str):
        raise ml_type_error(f"getattr() expects a member name string, not {a_typeof(name)}")
    return lookup_member(obj, name, default)


@_builtin("methods")
def ml_methods(value: Any) -> list[str]:
    """The member names ML can use on ``value``, sorted."""
    return member_names(value)


@_builtin("call")
def ml_call(func: Any, *args: Any) -> Any:
    """``call(f, a, b)`` is ``f(a, b)``."""
    if not is_function(func):
        raise ml_type_error(f"call() expects a function, not {a_typeof(func)}")
    return call_ml(func, *args)


# --- the `builtin` module ---------------------------------------------------------------------


class MLBuiltinModule(MLValue):
    """The value of the predefined name ``builtin``: a module holding every builtin function."""

    __slots__ = ()
    _ml_name = "builtin"  # the name a module object keeps (the host's view of it shows this one)

    def _ml_typeof(self) -> str:
        return "module"

    def _ml_get_member(self, name: str) -> Any:
        try:
            return BUILTINS[name]
        except KeyError:
            raise AttributeError(name) from None

    def _ml_member_names(self) -> list[str]:
        return sorted(BUILTINS)

    def _ml_str(self) -> str:
        return "<module builtin>"


BUILTIN_MODULE = MLBuiltinModule()


def builtin_table() -> dict[str, Any]:
    """Every name of ``BUILTIN_NAMES`` with its value (a fresh dict)."""
    table: dict[str, Any] = dict(BUILTINS)
    table["builtin"] = BUILTIN_MODULE
    return table


__all__ = ["BUILTINS", "BUILTIN_MODULE", "MLBuiltinModule", "builtin_table"]
