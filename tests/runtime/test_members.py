"""The member dispatcher: allow-lists, dict keys, MLValue, @ml_class, and every refusal."""

from __future__ import annotations

from typing import Any

import pytest

from mlpy.runtime.builtins import BUILTIN_MODULE, BUILTINS
from mlpy.runtime.errors_runtime import MLThrown, new_error
from mlpy.runtime.members import (
    ARRAY_METHODS,
    STRING_METHODS,
    call_method,
    get_member,
    has_member,
    lookup_member,
    member_names,
    set_member,
)
from mlpy.stdlib.decorators import ml_class

DOCUMENTED_STRING_METHODS = set(
    """upper lower strip lstrip rstrip replace split join startswith endswith find rfind index
    count isdigit isalpha isalnum isspace isupper islower capitalize title center ljust rjust zfill
    splitlines""".split()
)
DOCUMENTED_ARRAY_METHODS = set("append extend insert remove pop index count sort reverse clear copy".split())


@ml_class(attributes=["name"], writable=["name"])
class Person:
    def __init__(self, name: str) -> None:
        self.name = name
        self.secret = "hidden"

    def greet(self, other: str) -> str:
        return f"hi {other}, I am {self.name}"

    def _private(self) -> str:
        return "no"


def thrown(func: Any, *args: Any) -> tuple[str, str]:
    with pytest.raises(MLThrown) as info:
        func(*args)
    return info.value.error.type, info.value.error.message


def test_allow_lists_match_the_spec() -> None:
    assert set(STRING_METHODS) == DOCUMENTED_STRING_METHODS
    assert set(ARRAY_METHODS) == DOCUMENTED_ARRAY_METHODS


def test_dict_members() -> None:
    obj = {"a": 1, "f": lambda x: x * 2}
    assert get_member(obj, "a") == 1
    assert get_member(obj, "missing") is None
    assert get_member(obj, "length") == 2
    assert get_member({"length": "own"}, "length") == "own"
    assert call_method(obj, "f", 21) == 42
    assert get_member({"__class__": 5}, "__class__") == 5  # keys are plain data


def test_dict_method_call_errors() -> None:
    assert thrown(call_method, {"a": 1}, "a") == (
        "TypeError",
        "the value under key 'a' is a number, not a function",
    )
    assert thrown(call_method, {}, "keys") == ("TypeError", "object has no function 'keys' to call")


def test_string_members() -> None:
    assert get_member("abc", "length") == 3
    assert call_method("abc", "upper") == "ABC"
    assert call_method("a,b", "split", ",") == ["a", "b"]
    assert call_method(",", "join", ["x", "y"]) == "x,y"
    assert call_method("  x ", "strip") == "x"
    assert call_method("7", "zfill", 3) == "007"
    assert call_method("abc", "find", "c") == 2
    bound = get_member("abc", "upper")
    assert bound() == "ABC"
    assert str(bound._ml_str()) == "<function upper>"


def test_join_rejects_non_strings() -> None:
    assert thrown(call_method, ",", "join", ["a", 1]) == (
        "TypeError",
        "join() expects an array of strings; item 1 is a number (use str() to convert it)",
    )


def test_array_members() -> None:
    items = [3, 1, 2]
    call_method(items, "append", 4)
    assert items == [3, 1, 2, 4]
    assert get_member(items, "length") == 4
    assert call_method(items, "pop") == 4
    call_method(items, "sort")
    assert items == [1, 2, 3]
    call_method(items, "sort", True)
    assert items == [3, 2, 1]
    call_method(items, "sort", lambda x: -x)
    assert items == [3, 2, 1]
    call_method(items, "sort", lambda x: x, False)
    assert items == [1, 2, 3]
    assert call_method(items, "copy") == [1, 2, 3]
    assert call_method(items, "index", 2) == 1
    get_member(items, "reverse")()
    assert items == [3, 2, 1]


def test_sort_rejects_other_arguments() -> None:
    assert thrown(call_method, [1], "sort", "x") == (
        "TypeError",
        "sort() expects a key function or a boolean (reverse), not a string",
    )


@pytest.mark.parametrize(
    ("value", "name", "message"),
    [
        ([], "foo", "'array' has no member 'foo'"),
        ("s", "format", "'string' has no member 'format'"),
        ("s", "__class__", "'string' has no member '__class__'"),
        ("s", "_x", "'string' has no member '_x'"),
        ([], "__len__", "'array' has no member '__len__'"),
        (5, "real", "'number' has no member 'real'"),
        (None, "x", "'null' has no member 'x'"),
        (True, "x", "'boolean' has no member 'x'"),
        (len, "__globals__", "'function' has no member '__globals__'"),
        (thrown, "__code__", "'function' has no member '__code__'"),
        (BUILTIN_MODULE, "__dict__", "'module' has no member '__dict__'"),
        (BUILTIN_MODULE, "nope", "'module' has no member 'nope'"),
    ],
)
def test_unknown_members_are_catchable_attribute_errors(value: Any, name: str, message: str) -> None:
    assert thrown(get_member, value, name) == ("AttributeError", message)


def test_bound_method_exposes_nothing() -> None:
    bound = get_member("abc", "upper")
    assert thrown(get_member, bound, "_target")[0] == "AttributeError"
    assert thrown(get_member, bound, "__self__")[0] == "AttributeError"


def test_builtin_module_members() -> None:
    assert get_member(BUILTIN_MODULE, "abs") is BUILTINS["abs"]
    assert call_method(BUILTIN_MODULE, "abs", -5) == 5
    assert "print" in member_names(BUILTIN_MODULE)


def test_error_object_members() -> None:
    err = new_error("TypeError", "boom", 3, code=42)
    assert get_member(err, "type") == "TypeError"
    assert get_member(err, "code") == 42
    assert get_member(err, "absent") is None
    assert get_member(err, "fields") is None  # a Python attribute is not a field
    assert thrown(get_member, err, "__class__") == ("AttributeError", "'error' has no member '__class__'")
    set_member(err, "extra", 1)
    assert get_member(err, "extra") == 1


def test_ml_class_members() -> None:
    person = Person("ann")
    assert get_member(person, "name") == "ann"
    assert call_method(person, "greet", "bob") == "hi bob, I am ann"
    assert thrown(get_member, person, "secret") == ("AttributeError", "'Person' has no member 'secret'")
    assert thrown(get_member, person, "_private")[0] == "AttributeError"
    assert thrown(get_member, person, "__init__")[0] == "AttributeError"
    set_member(person, "name", "zed")
    assert person.name == "zed"
    assert thrown(set_member, person, "secret", 1) == (
        "AttributeError",
        "cannot set member 'secret' of a value of type 'Person'",
    )
    assert member_names(person) == ["greet", "name"]


def test_set_member_refusals() -> None:
    obj: dict[str, Any] = {}
    set_member(obj, "k", 1)
    assert obj == {"k": 1}
    assert thrown(set_member, [], "length", 3)[0] == "AttributeError"
    assert thrown(set_member, "s", "x", 3)[0] == "AttributeError"
    assert thrown(set_member, BUILTIN_MODULE, "abs", 3)[0] == "AttributeError"


def test_calling_a_non_function_member() -> None:
    assert thrown(call_method, "abc", "length") == (
        "TypeError",
        "member 'length' of a string is a number, not a function",
    )


def test_has_and_lookup() -> None:
    assert has_member({"a": 1}, "a")
    assert not has_member({"a": 1}, "b")
    assert has_member("s", "upper")
    assert has_member([], "length")
    assert not has_member("s", "__class__")
    assert not has_member(len, "__globals__")
    assert lookup_member("s", "__class__") is None
    assert lookup_member(5, "real", "dflt") == "dflt"
    assert lookup_member({"a": 1}, "a") == 1


def test_member_names() -> None:
    assert member_names({"b": 1, "a": 2, 3: 4}) == ["a", "b"]
    assert "upper" in member_names("s") and "length" in member_names("s")
    assert "append" in member_names([])
    assert member_names(5) == []
    assert member_names(len) == []
