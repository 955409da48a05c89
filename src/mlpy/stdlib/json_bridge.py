"""The ML ``json`` module: parse and write JSON text, and small helpers on parsed objects.

``stringify`` writes ``, `` and ``: `` separators (``[1, 2, 3]``, ``{"a": 1}``) with keys in insertion
order and non-ASCII text as is, like JavaScript's ``JSON.stringify`` (infinity and NaN become
``null``). Only ML data can be written: a function, module or class instance is a TypeError, a cyclic
structure a ValueError. ``parse`` accepts strict JSON only and reports errors with line and column.
All errors name the function, so an ML ``except`` can show them.
"""

from __future__ import annotations

import json as _json
import math as _math
from typing import Any

from mlpy.modules.bridge_support import expect_dict, expect_int, expect_str, ml_type_name
from mlpy.modules.decorators import ml_function, ml_module
from mlpy.runtime.guards import MAX_CONTAINERS, check_containers

_MAX_DEPTH = 500
"""Nesting beyond this is refused (Python's own recursion would fail soon after)."""


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _parse(function: str, text: Any) -> Any:
    source = expect_str(function, "json_string", text)
    if len(source) > MAX_CONTAINERS:  # counted in C; brackets inside strings count too (an upper bound)
        check_containers(source.count("[") + source.count("{"), function)
    try:
        return _json.loads(source, parse_constant=_reject_constant)
    except _json.JSONDecodeError as exc:
        raise ValueError(f"{function}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except ValueError as exc:
        if "int_max_str_digits" in str(exc) or "integer string conversion" in str(exc):
            # Python's wording names sys.set_int_max_str_digits(): say it in ML terms.
            raise ValueError(f"{function}: a number in the JSON text has too many digits") from None
        raise ValueError(f"{function}: {exc}") from None
    except RecursionError:
        raise ValueError(f"{function}: the JSON text is nested too deeply") from None


def _depth(value: Any) -> int:
    """Nesting depth of parsed JSON (a scalar is 0, ``[]`` is 1), computed without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, list | dict):
            level += 1
            deepest = max(deepest, level)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level) for child in children)
    return deepest


def _to_data(function: str, value: Any, walk: _Walk, depth: int = 0) -> Any:
    """A JSON-ready copy of an ML value, or an ML-worded error naming ``function``."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return None if _math.isinf(value) or _math.isnan(value) else value
    if depth > _MAX_DEPTH:
        raise ValueError(f"{function}: the value is nested too deeply")
    if isinstance(value, list | tuple | dict):
        active = walk.active
        if id(value) in active:
            raise ValueError(f"{function}: cannot serialize a cyclic structure")
        walk.count(function, len(value))
        active.add(id(value))
        try:
            if isinstance(value, dict):
                result: Any = {}
                for key, item in value.items():
                    if not (key is None or isinstance(key, bool | int | float | str)):
                        raise TypeError(f"{function}: object keys must be strings, got {ml_type_name(key)}")
                    result[_key(key)] = _to_data(function, item, walk, depth + 1)
                return result
            return [_to_data(function, item, walk, depth + 1) for item in value]
        finally:
            active.discard(id(value))
    raise TypeError(f"{function}: cannot serialize a value of type {ml_type_name(value)}")


class _Walk:
    """The state of one ``_to_data`` copy: containers being copied (cycles) and items copied so far."""

    __slots__ = ("active", "copied")

    def __init__(self) -> None:
        self.active: set[int] = set()
        self.copied = 0

    def count(self, function: str, items: int) -> None:
        """Count ``items`` more copied items; past the array limit raise ``MLLimitError``: a value
        sharing its arrays (``a = [a, a]`` forty times) is tiny, but its copy is 2**41 items."""
        from mlpy.runtime.guards import MAX_ARRAY_ITEMS, charge_items  # noqa: PLC0415 - cheap, lazy

        before = self.copied
        self.copied += items + 1
        charge_items(self.copied, before)
        if self.copied > MAX_ARRAY_ITEMS:
            from mlpy.errors import MLLimitError  # noqa: PLC0415 - error path only

            raise MLLimitError(f"{function} would copy more than {MAX_ARRAY_ITEMS} items (the value "
                               "shares its arrays or objects so often that it expands beyond the limit)")


def _key(key: Any) -> str:
    if isinstance(key, str):
        return key
    if key is None:
        return "null"
    if isinstance(key, bool):
        return "true" if key else "false"
    return repr(key) if isinstance(key, float) else str(key)


@ml_module(
    name="json",
    description="JSON parsing and serialization",
    capabilities=["json.parse", "json.serialize"],
    version="1.0.0",
)
class JSON:
    """Read and write JSON text."""

    @ml_function(description="Parse JSON text into ML values", capabilities=["json.parse"])
    def parse(self, json_string: str) -> Any:
        return _parse("json.parse", json_string)

    @ml_function(description="Parse JSON text, refusing nesting deeper than max_depth",
                 capabilities=["json.parse"])
    def safeParse(self, json_string: str, max_depth: int = 100) -> Any:  # noqa: N802 - ML name
        limit = expect_int("json.safeParse", "max_depth", max_depth)
        value = _parse("json.safeParse", json_string)
        depth = _depth(value)
        if depth > limit:
            raise ValueError(f"json.safeParse: nesting depth {depth} exceeds max_depth {limit}")
        return value

    @ml_function(description="JSON text of a value (', ' and ': ' separators)", capabilities=["json.serialize"])
    def stringify(self, obj: Any) -> str:
        data = _to_data("json.stringify", obj, _Walk())
        return _json.dumps(data, ensure_ascii=False, separators=(", ", ": "))

    @ml_function(description="Indented JSON text of a value", capabilities=["json.serialize"])
    def prettyPrint(self, obj: Any, indent: int = 4) -> str:  # noqa: N802 - ML name
        width = expect_int("json.prettyPrint", "indent", indent)
        if not 0 <= width <= 16:
            raise ValueError(f"json.prettyPrint: indent must be between 0 and 16, got {width}")
        data = _to_data("json.prettyPrint", obj, _Walk())
        return _json.dumps(data, ensure_ascii=False, indent=width, separators=(",", ": "))

    @ml_function(description="True when the text is valid JSON", capabilities=["json.parse"])
    def validate(self, json_string: str) -> bool:
        try:
            _parse("json.validate", json_string)
        except ValueError:
            return False
        return True

    @ml_function(description="True for an object", capabilities=[])
    def isObject(self, value: Any) -> bool:  # noqa: N802 - ML name
        return isinstance(value, dict)

    @ml_function(description="True for an array", capabilities=[])
    def isArray(self, value: Any) -> bool:  # noqa: N802 - ML name
        return isinstance(value, list)

    @ml_function(description="True for a string", capabilities=[])
    def isString(self, value: Any) -> bool:  # noqa: N802 - ML name
        return isinstance(value, str)

    @ml_function(description="True for a number", capabilities=[])
    def isNumber(self, value: Any) -> bool:  # noqa: N802 - ML name
        return isinstance(value, int | float) and not isinstance(value, bool)

    @ml_function(description="True for a boolean", capabilities=[])
    def isBoolean(self, value: Any) -> bool:  # noqa: N802 - ML name
        return isinstance(value, bool)

    @ml_function(description="True for null", capabilities=[])
    def isNull(self, value: Any) -> bool:  # noqa: N802 - ML name
        return value is None

    @ml_function(description="The keys of an object", capabilities=[])
    def keys(self, obj: dict) -> list:
        return list(expect_dict("json.keys", "obj", obj).keys())

    @ml_function(description="The values of an object", capabilities=[])
    def values(self, obj: dict) -> list:
        return list(expect_dict("json.values", "obj", obj).values())

    @ml_function(description="True when the object has the key", capabilities=[])
    def hasKey(self, obj: dict, key: str) -> bool:  # noqa: N802 - ML name
        return key in expect_dict("json.hasKey", "obj", obj)

    @ml_function(description="The value of a key, or the default", capabilities=[])
    def get(self, obj: dict, key: str, default: Any = None) -> Any:
        return expect_dict("json.get", "obj", obj).get(key, default)

    @ml_function(description="A new object with the keys of both (the second wins)", capabilities=[])
    def merge(self, obj1: dict, obj2: dict) -> dict:
        return {**expect_dict("json.merge", "obj1", obj1), **expect_dict("json.merge", "obj2", obj2)}


json = JSON()
