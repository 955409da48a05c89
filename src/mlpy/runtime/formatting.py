"""How ML values look as text: ``str()``/``print`` (``ml_str``), ``repr()`` (``ml_repr``), ``typeof``.

ML notation (docs/language/values.md): ``true``/``false``/``null``; arrays ``[1, "a"]``; objects ``{"a": 1}`` with non-string keys
bare (``{0: "apple"}``); floats as Python's shortest repr; top-level strings raw, strings inside
containers double-quoted with JSON-style escapes; cycles as ``[...]``/``{...}``; functions
``<function name>``; MLValue objects via ``_ml_str``; ``@ml_class`` instances ``<ClassName>`` unless
the class defines a public ``toString()``.
"""

from __future__ import annotations

import types
from typing import Any

from mlpy.runtime.guards import MAX_ARRAY_ITEMS, MAX_STRING_CHARS, charge_work
from mlpy.runtime.metadata import class_info_of
from mlpy.runtime.values import MLValue

_FUNCTION_TYPES = (
    types.FunctionType,
    types.BuiltinFunctionType,
    types.MethodType,
    types.BuiltinMethodType,
    types.MethodWrapperType,
)

_TYPE_WORDS = {
    int: "number",
    float: "number",
    str: "string",
    bool: "boolean",
    type(None): "null",
    list: "array",
    tuple: "array",
    dict: "object",
}


def _escape_table() -> dict[int, str]:
    table = {code: f"\\u{code:04x}" for code in range(0x20)}
    table[0x7F] = "\\u007f"
    table[ord("\n")] = "\\n"
    table[ord("\t")] = "\\t"
    table[ord('"')] = '\\"'
    table[ord("\\")] = "\\\\"
    return table


_ESCAPES = _escape_table()


def quote_string(text: str) -> str:
    """A string as it appears inside a container: double quotes, JSON-style escapes, non-ASCII kept."""
    return '"' + text.translate(_ESCAPES) + '"'


def ml_name(python_name: str) -> str:
    """Undo the compiler's naming: ``__kw_class`` -> ``class``; arrows and lambdas -> ``<anonymous>``."""
    if python_name.startswith("__kw_"):
        return python_name[5:]
    if python_name == "<lambda>" or python_name.startswith("__ml_arrow_"):
        return "<anonymous>"
    return python_name


def is_function(value: Any) -> bool:
    """True for everything ML calls a function: ML functions, arrows, builtins, module functions."""
    if isinstance(value, _FUNCTION_TYPES):
        return True
    return isinstance(value, MLValue) and callable(value) and value._ml_typeof() == "function"


def typeof(value: Any) -> str:
    """What ML's ``typeof(value)`` returns; bool is checked before int."""
    word = _TYPE_WORDS.get(type(value))
    if word is not None:
        return word
    if isinstance(value, MLValue):
        return value._ml_typeof()
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (list, tuple)):
        return "array"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, _FUNCTION_TYPES):
        return "function"
    info = class_info_of(value)
    if info is not None:
        return info.name
    return "object"


def with_article(word: str) -> str:
    """``"a number"``, ``"an array"``, ``"an object"`` — for messages."""
    return ("an " if word[:1] in ("a", "e", "i", "o", "u") else "a ") + word


def a_typeof(value: Any) -> str:
    """The ML type of ``value`` with its article (``"an array"``), for messages."""
    return with_article(typeof(value))


def _format_float(value: float) -> str:
    return repr(value)


def _function_str(value: Any) -> str:
    name = getattr(value, "__name__", None)
    if not isinstance(name, str):
        return "<function>"
    return f"<function {ml_name(name)}>"


def _other_str(value: Any) -> str:
    """Text of anything that is not a number, string, boolean, null, array or object."""
    if isinstance(value, MLValue):
        return value._ml_str()
    if isinstance(value, _FUNCTION_TYPES):
        return _function_str(value)
    info = class_info_of(value)
    if info is not None:
        to_string = getattr(type(value), "toString", None)
        if isinstance(to_string, types.FunctionType):
            result = to_string(value)
            return result if isinstance(result, str) else ml_str(result)
        return f"<{info.name}>"
    if isinstance(value, (bytes, bytearray)):
        return quote_string(bytes(value).decode("latin-1"))
    return "<object>"


_MAX_PARTS = 2 * MAX_ARRAY_ITEMS + 2
"""Most pieces one ``str``/``repr`` may assemble: a value sharing its arrays (``a = [a, a]`` forty
times) is tiny in memory but its text is 2**41 pieces long; stop at twice the guards' array limit
(an item and its separator each), so any array that may exist can be shown. The
characters of its strings count against the string limit the same way."""

_TICK_PARTS = 4096
"""Pieces assembled per step charged to the run (so the time limit stops a long conversion)."""


class _Budget:
    """What one conversion has assembled so far: characters of strings, and the next charge."""

    __slots__ = ("chars", "tick_at")

    def __init__(self) -> None:
        self.chars = 0
        self.tick_at = _TICK_PARTS


def _too_big() -> None:
    from mlpy.errors import MLLimitError  # noqa: PLC0415 - error path only

    raise MLLimitError(f"converting the value to text would assemble more than {_MAX_PARTS} pieces "
                       f"or {MAX_STRING_CHARS} characters (it shares its arrays, objects or strings "
                       "so often that its text exceeds the limit)")


def _container_entry(parts: list[str], budget: _Budget) -> None:
    """Checks at each container: the piece limit, and a step charged every ``_TICK_PARTS`` pieces."""
    if len(parts) > _MAX_PARTS:
        _too_big()
    if len(parts) > budget.tick_at:
        budget.tick_at = len(parts) + _TICK_PARTS
        charge_work()


def _quoted(value: str, budget: _Budget) -> str:
    budget.chars += len(value)
    if budget.chars > MAX_STRING_CHARS:
        _too_big()
    return quote_string(value)


def _enter(container: Any, brackets: str, parts: list[str], active: set[int], budget: _Budget) -> bool:
    """Open ``container`` (an array or object) in ``parts``: False, with ``[...]``/``{...}`` written
    instead, when it is already being written (a cycle). The caller closes it and leaves ``active``."""
    if id(container) in active:
        parts.append(f"{brackets[0]}...{brackets[1]}")
        return False
    _container_entry(parts, budget)
    active.add(id(container))
    parts.append(brackets[0])
    return True


def _repr_into(value: Any, parts: list[str], active: set[int], budget: _Budget) -> None:
    """Append the container notation of ``value`` to ``parts`` (``active`` detects cycles)."""
    kind = type(value)
    if kind is str:
        parts.append(_quoted(value, budget))
    elif kind is int:
        parts.append(int.__repr__(value))
    elif kind is float:
        parts.append(_format_float(value))
    elif value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif isinstance(value, (list, tuple)):
        if not _enter(value, "[]", parts, active, budget):
            return
        for index, item in enumerate(value):
            if index:
                parts.append(", ")
                if not index & 4095:  # a long array: the limits are checked inside it too
                    _container_entry(parts, budget)
            _repr_into(item, parts, active, budget)
        parts.append("]")
        active.discard(id(value))
    elif isinstance(value, dict):
        if not _enter(value, "{}", parts, active, budget):
            return
        first = True
        for key, item in value.items():
            if not first:
                parts.append(", ")
                if len(parts) > budget.tick_at:
                    _container_entry(parts, budget)
            first = False
            if isinstance(key, str):
                parts.append(_quoted(key, budget))
            else:
                _repr_into(key, parts, active, budget)
            parts.append(": ")
            _repr_into(item, parts, active, budget)
        parts.append("}")
        active.discard(id(value))
    elif isinstance(value, bool):
        parts.append("true" if value else "false")
    elif isinstance(value, int):
        parts.append(int.__repr__(value))
    elif isinstance(value, float):
        parts.append(float.__repr__(value))
    elif isinstance(value, str):
        parts.append(_quoted(str.__str__(value), budget))
    else:
        parts.append(_other_str(value))


def ml_repr(value: Any) -> str:
    """``repr(x)``: the container notation applied to ``x`` itself (``repr("a")`` is ``"a"`` quoted)."""
    parts: list[str] = []
    _repr_into(value, parts, set(), _Budget())
    return "".join(parts)


def ml_str(value: Any) -> str:
    """``str(x)`` and ``print``: like ``ml_repr`` except that a top-level string is shown raw."""
    kind = type(value)
    if kind is str:
        return value
    if kind is int:
        return int.__repr__(value)
    if kind is float:
        return float.__repr__(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, (list, tuple, dict, bool, int, float)):
        return ml_repr(value)
    return _other_str(value)


__all__ = ["a_typeof", "is_function", "with_article", "ml_name", "ml_repr", "ml_str", "quote_string", "typeof"]
