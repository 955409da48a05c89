"""Every builtin: normal use, edge cases and bad input (catchable ML errors)."""

from __future__ import annotations

import io
from typing import Any

import pytest

from mlpy.compiler.builtin_names import BUILTIN_NAMES
from mlpy.errors import MLLimitError
from mlpy.runtime.builtins import BUILTIN_MODULE, BUILTINS, builtin_table
from mlpy.runtime.context import ExecutionContext, use
from mlpy.runtime.errors_runtime import MLThrown
from mlpy.runtime.iteration import MLIterator
from mlpy.stdlib.decorators import ml_class, ml_function, ml_module

B = BUILTINS


def thrown(name: str, *args: Any) -> tuple[str, str]:
    with pytest.raises(MLThrown) as info:
        B[name](*args)
    return info.value.error.type, info.value.error.message


def test_table_matches_builtin_names() -> None:
    assert set(builtin_table()) == set(BUILTIN_NAMES)
    for name, func in BUILTINS.items():
        assert func.__name__ == name


def test_builtin_module() -> None:
    assert builtin_table()["builtin"] is BUILTIN_MODULE
    assert BUILTIN_MODULE._ml_get_member("abs")(-5) == 5


def test_print_writes_to_the_context_stdout() -> None:
    out = io.StringIO()
    with use(ExecutionContext(stdout=out)):
        B["print"]("a", 1, True, None, [1, "x"])
        B["print"]()
        B["print"]({"k": 2.0})
    assert out.getvalue() == 'a 1 true null [1, "x"]\n\n{"k": 2.0}\n'


def test_print_defaults_to_sys_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    B["print"]("hello")
    assert capsys.readouterr().out == "hello\n"


def test_input() -> None:
    out = io.StringIO()
    with use(ExecutionContext(stdout=out, stdin=io.StringIO("first\r\nsecond\n"))):
        assert B["input"]("name? ") == "first"
        assert B["input"]() == "second"
        assert B["input"]() is None
    assert out.getvalue() == "name? "


@pytest.mark.parametrize(
    ("args", "result"),
    [(("3.7",), 3), ((" 7 ",), 7), (("-2",), -2), ((3.9,), 3), ((-3.9,), -3), ((True,), 1),
     (("1e3",), 1000), (("ff", 16), 255), ((),  0)],
)
def test_int(args: tuple[Any, ...], result: int) -> None:
    assert B["int"](*args) == result


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", "int(): cannot convert 'abc' to a number"),
        ("", "int(): cannot convert '' to a number"),
        (None, "int(): cannot convert null to a number"),
        ([1], "int(): cannot convert an array to a number"),
        ("inf", "int(): cannot convert 'inf' to a number"),
        (float("nan"), "int(): cannot convert nan to a whole number"),
    ],
)
def test_int_bad_input(value: Any, message: str) -> None:
    assert thrown("int", value) == ("ValueError", message)


def test_float() -> None:
    assert B["float"](" 2.5 ") == 2.5
    assert B["float"](3) == 3.0
    assert B["float"]("inf") == float("inf")
    assert thrown("float", "x1") == ("ValueError", "float(): cannot convert 'x1' to a number")
    assert thrown("float", None) == ("ValueError", "float(): cannot convert null to a number")


def test_str_bool_repr_typeof_isinstance_callable() -> None:
    assert B["str"]([1, "a"]) == '[1, "a"]'
    assert B["str"]("a") == "a"
    assert B["str"]() == ""
    assert B["repr"]("a") == '"a"'
    assert [B["bool"](v) for v in (0, "", [], {}, None, False, 1, "x", [0], BUILTIN_MODULE)] == [
        False, False, False, False, False, False, True, True, True, True]
    assert B["typeof"](1.5) == "number"
    assert B["isinstance"]([], "array")
    assert not B["isinstance"](True, "number")
    assert thrown("isinstance", 1, 2) == ("TypeError", "isinstance() expects a type name string, not a number")
    assert B["callable"](B["len"]) and B["callable"](lambda: 1)
    assert not B["callable"]("len")


def test_len() -> None:
    assert [B["len"](v) for v in ("abc", [1, 2], {"a": 1}, "")] == [3, 2, 1, 0]
    assert thrown("len", 5) == ("TypeError", "len() expects a string, an array or an object, not a number")
    with pytest.raises(TypeError, match=r"^len\(\) takes 1 positional argument but 2 were given$"):
        B["len"]("a", "b")


def test_range() -> None:
    assert B["range"](3) == [0, 1, 2]
    assert B["range"](1, 4) == [1, 2, 3]
    assert B["range"](10, 0, -3) == [10, 7, 4, 1]
    assert B["range"](0) == []
    assert thrown("range", 1.5) == ("TypeError", "range() arguments must be whole numbers, not number")
    assert thrown("range", 1, 2, 0) == ("ValueError", "range() step must not be zero")
    assert thrown("range") == ("TypeError", "range() takes 1 to 3 arguments but 0 were given")
    with pytest.raises(MLLimitError, match="range"):
        B["range"](10**12)


def test_enumerate_zip_reversed_keys_values() -> None:
    assert B["enumerate"](["a", "b"]) == [[0, "a"], [1, "b"]]
    assert B["enumerate"](["a"], 5) == [[5, "a"]]
    assert B["enumerate"]("hi") == [[0, "h"], [1, "i"]]
    assert B["zip"]([1, 2, 3], ["a", "b"]) == [[1, "a"], [2, "b"]]
    assert B["zip"]() == []
    assert B["reversed"]([1, 2, 3]) == [3, 2, 1]
    assert B["reversed"]("ab") == ["b", "a"]
    assert B["keys"]({"b": 1, "a": 2}) == ["b", "a"]
    assert B["values"]({"b": 1, "a": 2}) == [1, 2]
    assert thrown("keys", [1]) == ("TypeError", "keys() expects an object, not an array")
    assert thrown("values", None) == ("TypeError", "values() expects an object, not a null")
    assert thrown("enumerate", 5) == ("TypeError", "enumerate() expects an array, a string or an object, not a number")


def test_sorted() -> None:
    data = [3, 1, 2]
    assert B["sorted"](data) == [1, 2, 3]
    assert data == [3, 1, 2]
    assert B["sorted"](data, True) == [3, 2, 1]
    assert B["sorted"](["bb", "a", "ccc"], lambda s: len(s)) == ["a", "bb", "ccc"]
    assert B["sorted"](["bb", "a", "ccc"], lambda s: len(s), True) == ["ccc", "bb", "a"]
    assert B["sorted"]({"b": 1, "a": 2}) == ["a", "b"]
    assert thrown("sorted", [1], 5) == (
        "TypeError", "sorted() expects a key function or a boolean (reverse), not a number")


def test_abs_min_max_round_sum() -> None:
    assert B["abs"](-5) == 5 and isinstance(B["abs"](-5), int)
    assert B["abs"](-2.5) == 2.5
    assert thrown("abs", "x") == ("TypeError", "abs() expects a number, not a string")
    assert B["min"](3, 1, 2) == 1
    assert B["max"]([3, 1, 2]) == 3
    assert B["min"]([]) is None and B["max"]([]) is None
    assert B["max"](7) == 7
    assert B["min"]("abc") == "abc"
    assert thrown("max") == ("TypeError", "max() expects at least one argument")
    assert B["round"](2.5) == 2 and isinstance(B["round"](2.5), int)
    assert B["round"](3.5) == 4
    assert B["round"](-0.5) == 0
    assert B["round"](2.675, 2) == 2.67
    assert isinstance(B["round"](2, 1), float)
    assert thrown("round", float("inf")) == ("ValueError", "round(): cannot round inf to a whole number")
    assert B["sum"]([1, 2, 3.5]) == 6.5
    assert B["sum"]([1, 2], 10) == 13
    assert B["sum"]([]) == 0
    assert thrown("sum", [1, "a"]) == ("TypeError", "sum() expects an array of numbers; found a string")


def test_all_any() -> None:
    assert B["all"]([1, True, "x"]) and B["all"]([])
    assert not B["all"]([1, 0])
    assert B["any"]([0, None, "y"]) and not B["any"]([])


def test_chr_ord_hex_bin_oct() -> None:
    assert B["chr"](65) == "A" and B["ord"]("é") == 233
    assert thrown("chr", -1) == ("ValueError", "chr(): -1 is not a valid character code (0 to 1114111)")
    assert thrown("ord", "ab") == ("TypeError", "ord() expects a single character, but the string has length 2")
    assert thrown("ord", 5) == ("TypeError", "ord() expects a string, not a number")
    assert (B["hex"](255), B["bin"](5), B["oct"](8)) == ("0xff", "0b101", "0o10")
    assert thrown("hex", 1.5) == ("TypeError", "hex() expects a whole number, not a number")


def test_format() -> None:
    assert B["format"](3.14159, ".2f") == "3.14"
    assert B["format"](42, "05d") == "00042"
    assert B["format"]("ab", ">4") == "  ab"
    assert B["format"](True) == "true"
    assert B["format"]([1], ">5") == "  [1]"
    assert B["format"](7) == "7"
    assert thrown("format", 1, "q")[0] == "ValueError"
    with pytest.raises(MLLimitError):
        B["format"](1, "999999999999")


def test_format_cannot_reach_attributes() -> None:
    assert thrown("format", "x", "{0.__class__}")[0] == "ValueError"


def test_iter_next() -> None:
    it = B["iter"]([1, 2])
    assert isinstance(it, MLIterator) and B["typeof"](it) == "iterator"
    assert B["next"](it) == 1 and B["next"](it) == 2
    assert thrown("next", it) == ("StopIteration", "iterator is exhausted")
    assert B["next"](it, "done") == "done"
    assert B["next"](B["iter"]({"k": 1})) == "k"
    assert B["next"](B["iter"]("xy")) == "x"
    assert thrown("next", [1]) == ("TypeError", "next() expects an iterator (made by iter()), not an array")
    assert thrown("iter", 5) == (
        "TypeError", "cannot iterate over a number; use an array, a string or an object")


def test_hasattr_getattr_never_reach_python() -> None:
    def ml_function(a: int) -> int:
        return a

    assert B["getattr"]("s", "__class__") is None
    assert B["getattr"](ml_function, "__globals__") is None
    assert B["getattr"](ml_function, "__code__", "d") == "d"
    assert B["getattr"]([], "__class__") is None
    assert B["getattr"](B["len"], "__self__") is None
    assert B["getattr"]({"a": 1}, "a") == 1
    assert B["getattr"]({"a": 1}, "b", 0) == 0
    assert B["getattr"]("abc", "length") == 3
    assert B["getattr"]("abc", "upper")() == "ABC"
    assert not B["hasattr"]("s", "__class__")
    assert not B["hasattr"](ml_function, "__globals__")
    assert B["hasattr"]({"k": None}, "k")
    assert B["hasattr"]([], "append")
    assert thrown("getattr", {}, 1) == ("TypeError", "getattr() expects a member name string, not a number")


def test_methods() -> None:
    assert "upper" in B["methods"]("s")
    assert "__class__" not in B["methods"]("s")
    assert B["methods"](5) == []
    assert B["methods"]({"f": 1}) == ["f"]


def test_call() -> None:
    assert B["call"](B["max"], 1, 5, 2) == 5
    assert B["call"](lambda: "x") == "x"
    assert thrown("call", "len") == ("TypeError", "call() expects a function, not a string")


@ml_module(name="demo", capabilities=["file.read"])
class Demo:
    @ml_function(description="Read a thing")
    def read_thing(self, path: str, mode: str = "r") -> str:
        return path

    @ml_function(description="Pure", capabilities=[])
    def pure(self, x: int) -> int:
        return x


@ml_class(capabilities=["net.http"])
class Client:
    def get(self, url: str) -> str:
        return url


def test_help() -> None:
    demo = Demo()
    assert B["help"](demo.read_thing) == "read_thing(path, mode)\nRead a thing\nRequires capabilities: file.read"
    assert B["help"](demo.pure) == "pure(x)\nPure\nRequires capabilities: none"

    def area(w: int, h: int) -> int:
        return w * h

    assert B["help"](area) == "area(w, h)\nRequires capabilities: none"
    assert B["help"](B["len"]) == "len(value)\nThe length of a string, an array or an object.\nRequires capabilities: none"
    assert B["help"]("abs").startswith("abs(value)\n")
    assert B["help"](B["print"]).startswith("print(...values)\n")
    assert B["help"]().startswith("Builtins: abs, all, any")
    assert "Members: " in B["help"]([1])


def test_required_capabilities() -> None:
    demo = Demo()
    assert B["requiredCapabilities"](demo.read_thing) == ["file.read"]
    assert B["requiredCapabilities"](demo.pure) == []
    assert B["requiredCapabilities"](Client().get) == ["net.http"]
    assert B["requiredCapabilities"](lambda: 1) == []
    assert thrown("requiredCapabilities", 5) == ("TypeError", "requiredCapabilities() expects a function, not a number")


class FakeGrants:
    def has(self, name: str) -> bool:
        return name in ("read", "read:/data")

    def describe(self) -> list[str]:
        return ["read:/data"]


def test_capability_builtins() -> None:
    assert B["hasCapability"]("read") in (True, False)  # whatever the default context holds
    with use(ExecutionContext(grants=FakeGrants())):
        assert B["hasCapability"]("read") is True
        assert B["hasCapability"]("net") is False
        assert B["getCapabilities"]() == ["read:/data"]
        assert B["getCapabilityInfo"]("read") == {
            "name": "read", "granted": True, "description": "read files and list directories"}
    with use(ExecutionContext(grants=None)):
        assert B["hasCapability"]("read") is False
        assert B["getCapabilities"]() == []
    assert thrown("hasCapability", 1) == (
        "TypeError", "hasCapability() expects a capability name string, not a number")


def test_module_builtins_return_ml_values() -> None:
    names = B["modules"]()
    assert isinstance(names, list) and all(isinstance(n, str) for n in names)
    assert isinstance(B["available_modules"](), list)
    assert B["has_module"]("surely_no_such_module_xyz") is False
    assert B["module_info"]("surely_no_such_module_xyz") is None
    assert B["has_module"](5) is False
