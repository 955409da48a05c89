"""ml_str / ml_repr / typeof: every rule"""

from __future__ import annotations

import pytest

from mlpy.runtime.builtins import BUILTIN_MODULE, BUILTINS
from mlpy.runtime.errors_runtime import new_error
from mlpy.runtime.formatting import ml_repr, ml_str, typeof
from mlpy.runtime.values import MLValue
from mlpy.stdlib.decorators import ml_class


@ml_class
class Point:
    def __init__(self) -> None:
        self.x = 1


@ml_class(name="Money")
class Pretty:
    def toString(self) -> str:  # noqa: N802 - ML method name
        return "$5"


class Box(MLValue):
    def _ml_str(self) -> str:
        return "<box>"

    def _ml_typeof(self) -> str:
        return "box"


def ml_function_example(a: int) -> int:
    return a


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (True, "true"),
        (False, "false"),
        (None, "null"),
        (42, "42"),
        (-7, "-7"),
        (2.0, "2.0"),
        (0.1 + 0.2, "0.30000000000000004"),
        (float("inf"), "inf"),
        (float("-inf"), "-inf"),
        (float("nan"), "nan"),
        (1e16, "1e+16"),
        ("raw text", "raw text"),
        ("", ""),
        ([1, "a", True, None], '[1, "a", true, null]'),
        ({"a": 1, "b": [2]}, '{"a": 1, "b": [2]}'),
        ({0: "apple"}, '{0: "apple"}'),
        ({True: 1}, "{true: 1}"),
        ({None: 2}, "{null: 2}"),
        ({1.5: 2}, "{1.5: 2}"),
        ([], "[]"),
        ({}, "{}"),
        ([[1.0], {"k": False}], '[[1.0], {"k": false}]'),
    ],
)
def test_ml_str_table(value: object, text: str) -> None:
    assert ml_str(value) == text


@pytest.mark.parametrize(
    ("inner", "shown"),
    [
        ("line\nbreak", '"line\\nbreak"'),
        ("tab\there", '"tab\\there"'),
        ('say "hi"', '"say \\"hi\\""'),
        ("back\\slash", '"back\\\\slash"'),
        ("bell\x07", '"bell\\u0007"'),
        ("cr\r", '"cr\\u000d"'),
        ("del\x7f", '"del\\u007f"'),
        ("héllo ✓", '"héllo ✓"'),
    ],
)
def test_strings_inside_containers_are_escaped(inner: str, shown: str) -> None:
    assert ml_str([inner]) == f"[{shown}]"
    assert ml_str({"k": inner}) == '{"k": ' + shown + "}"
    assert ml_str({inner: 1}) == "{" + shown + ": 1}"
    assert ml_str(inner) == inner


def test_repr_quotes_top_level_strings() -> None:
    assert ml_repr("a") == '"a"'
    assert ml_repr('q"\n') == '"q\\"\\n"'
    assert ml_repr(1) == "1"
    assert ml_repr([None]) == "[null]"


def test_cycles() -> None:
    items: list[object] = [1]
    items.append(items)
    assert ml_str(items) == "[1, [...]]"
    obj: dict[str, object] = {"a": 1}
    obj["self"] = obj
    assert ml_str(obj) == '{"a": 1, "self": {...}}'
    both: dict[str, object] = {}
    arr: list[object] = [both]
    both["arr"] = arr
    assert ml_str(arr) == '[{"arr": [...]}]'


def test_shared_but_not_cyclic_is_printed_twice() -> None:
    inner = [1]
    assert ml_str([inner, inner]) == "[[1], [1]]"


def test_functions_modules_errors_and_values() -> None:
    assert ml_str(ml_function_example) == "<function ml_function_example>"
    assert ml_str(BUILTINS["print"]) == "<function print>"
    assert ml_str([BUILTINS["len"]]) == "[<function len>]"
    assert ml_str(BUILTIN_MODULE) == "<module builtin>"
    assert ml_str(new_error("TypeError", "bad thing")) == "bad thing"
    assert ml_str(Box()) == "<box>"


def test_mangled_and_anonymous_function_names() -> None:
    def __kw_class() -> None:  # noqa: N807 - mimics the compiler's mangling
        return None

    assert ml_str(__kw_class) == "<function class>"
    assert ml_str(lambda: 1) == "<function <anonymous>>"


def test_ml_class_instances() -> None:
    assert ml_str(Point()) == "<Point>"
    assert ml_str(Pretty()) == "$5"
    assert ml_str([Pretty()]) == "[$5]"


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (1, "number"),
        (1.5, "number"),
        ("s", "string"),
        (True, "boolean"),
        (False, "boolean"),
        (None, "null"),
        ([], "array"),
        ({}, "object"),
        (ml_function_example, "function"),
        (BUILTINS["len"], "function"),
        (lambda: 0, "function"),
        (BUILTIN_MODULE, "module"),
        (new_error("Error", "m"), "error"),
        (Point(), "Point"),
        (Pretty(), "Money"),
        (Box(), "box"),
    ],
)
def test_typeof(value: object, kind: str) -> None:
    assert typeof(value) == kind
