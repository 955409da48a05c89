"""The ML ``json`` module: exact output format, strict parsing with positions, helpers."""

from __future__ import annotations

import io

import pytest

import mlpy
from mlpy.stdlib.decorators import module_info_of
from mlpy.stdlib.json_bridge import json


def test_stringify_format() -> None:
    assert json.stringify([1, 2, 3]) == "[1, 2, 3]"
    assert json.stringify({"b": 1, "a": [True, None, 2.5, "x\n\"é"]}) == '{"b": 1, "a": [true, null, 2.5, "x\\n\\"é"]}'
    assert json.stringify({2: "n", None: 1, False: 2}) == '{"2": "n", "null": 1, "false": 2}'
    assert json.stringify([float("inf"), float("nan")]) == "[null, null]"
    assert json.stringify("s") == '"s"'


def test_pretty_print() -> None:
    assert json.prettyPrint({"a": [1, 2]}, 2) == '{\n  "a": [\n    1,\n    2\n  ]\n}'
    assert json.prettyPrint({"a": 1}) == '{\n    "a": 1\n}'


def test_stringify_refuses_non_data_and_cycles() -> None:
    with pytest.raises(TypeError, match="^json.stringify: cannot serialize a value of type function$"):
        json.stringify([print])
    cyclic: list[object] = []
    cyclic.append(cyclic)
    with pytest.raises(ValueError, match="^json.stringify: cannot serialize a cyclic structure$"):
        json.stringify(cyclic)
    shared = [1]
    assert json.stringify([shared, shared]) == "[[1], [1]]"


def test_parse_and_errors_with_line_and_column() -> None:
    assert json.parse('{"a": [1, 2.5, null, true, "x"]}') == {"a": [1, 2.5, None, True, "x"]}
    with pytest.raises(ValueError) as caught:
        json.parse('{\n  "a": 1,\n  "b": }')
    assert str(caught.value) == "json.parse: invalid JSON at line 3, column 8: Expecting value"
    with pytest.raises(ValueError, match="^json.parse: NaN is not valid JSON$"):
        json.parse("[NaN]")
    with pytest.raises(TypeError, match="^json.parse: expected a string as 'json_string', got number$"):
        json.parse(5)


def test_safe_parse_and_validate() -> None:
    assert json.safeParse("[[1]]", 2) == [[1]]
    with pytest.raises(ValueError, match="^json.safeParse: nesting depth 3 exceeds max_depth 2$"):
        json.safeParse("[[[1]]]", 2)
    assert json.validate('{"a": 1}') is True
    assert json.validate("{a: 1}") is False


def test_helpers() -> None:
    obj = {"a": 1, "b": None}
    assert (json.keys(obj), json.values(obj)) == (["a", "b"], [1, None])
    assert (json.hasKey(obj, "b"), json.hasKey(obj, "c")) == (True, False)
    assert (json.get(obj, "a"), json.get(obj, "z", 0)) == (1, 0)
    assert json.merge({"a": 1, "b": 2}, {"b": 3}) == {"a": 1, "b": 3}
    assert [json.isObject({}), json.isArray([]), json.isString(""), json.isNumber(1), json.isNumber(True),
            json.isBoolean(False), json.isNull(None)] == [True, True, True, True, False, True, True]
    with pytest.raises(TypeError, match="^json.keys: expected an object as 'obj', got array$"):
        json.keys([])


def test_capability_tags() -> None:
    info = module_info_of(json)
    assert info.functions["parse"].capabilities == ("json.parse",)
    assert info.functions["stringify"].capabilities == ("json.serialize",)
    assert info.functions["isNull"].capabilities == ()


def test_from_ml() -> None:
    out = io.StringIO()
    mlpy.run('import json;\n'
             'print(json.stringify({a: [1, 2], b: "x"}));\n'
             'try { json.parse("[1,"); } except (e: ValueError) { print(e.message); }\n', stdout=out)
    assert out.getvalue() == ('{"a": [1, 2], "b": "x"}\n'
                              "json.parse: invalid JSON at line 1, column 4: Expecting value\n")
