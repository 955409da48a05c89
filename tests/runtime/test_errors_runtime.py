"""Error objects, throw semantics and the ML wording of Python exceptions."""

from __future__ import annotations

from typing import Any

import pytest

from mlpy.errors import MLCapabilityError, MLLimitError, MLRuntimeError, MLSecurityError
from mlpy.runtime.errors_runtime import (
    MLErrorObject,
    MLThrown,
    catch,
    error_from_exception,
    error_is,
    throw,
    type_error_message,
)
from mlpy.runtime.formatting import ml_str, typeof
from mlpy.runtime.members import get_member


def caught(func: Any) -> MLErrorObject:
    """Run ``func`` and return what ``__ml_catch`` makes of its exception."""
    try:
        func()
    except BaseException as exc:  # noqa: BLE001 - mimics the generated handler
        return catch(exc)
    raise AssertionError("no exception")


def raise_(exc: BaseException) -> Any:
    def run() -> None:
        raise exc

    return run


def test_throw_object_keeps_fields_with_defaults() -> None:
    err = caught(raise_(throw({"message": "m", "code": 42})))
    assert typeof(err) == "error"
    assert err.fields["type"] == "Error"
    assert err.fields["message"] == "m"
    assert err.fields["code"] == 42
    assert isinstance(err.fields["line"], int)
    assert ml_str(err) == "m"
    assert get_member(err, "code") == 42
    assert get_member(err, "nothing") is None


def test_throw_object_may_set_type_and_omit_message() -> None:
    err = caught(raise_(throw({"type": "ValidationError"})))
    assert err.fields["type"] == "ValidationError"
    assert err.fields["message"] == ""
    assert error_is(err, "ValidationError")
    assert not error_is(err, "Error")


@pytest.mark.parametrize(("value", "message"), [("text", "text"), (42, "42"), (None, "null"), ([1], "[1]")])
def test_throw_non_object(value: Any, message: str) -> None:
    err = caught(raise_(throw(value)))
    assert err.fields["message"] == message
    assert err.fields["value"] == value
    assert err.fields["type"] == "Error"


def test_rethrow_keeps_the_same_error_object() -> None:
    first = caught(raise_(throw({"message": "once", "line": 7})))
    second = caught(raise_(throw(first)))
    assert second is first
    assert second.fields["line"] == 7


def test_throwing_does_not_alias_the_thrown_object() -> None:
    data = {"message": "m"}
    err = caught(raise_(throw(data)))
    err.fields["extra"] = 1
    assert data == {"message": "m"}


@pytest.mark.parametrize(
    "fatal",
    [
        MLSecurityError("no"),
        MLCapabilityError("denied"),
        MLLimitError("too many steps"),
        KeyboardInterrupt(),
        MemoryError(),
    ],
)
def test_catch_reraises_fatal_errors_untouched(fatal: BaseException) -> None:
    with pytest.raises(type(fatal)) as info:
        caught(raise_(fatal))
    assert info.value is fatal


def _index_fail() -> None:
    items = [1, 2, 3]
    index = 5
    items[index]


def _string_index_fail() -> None:
    text = "abc"
    text[-9]


def _assign_fail() -> None:
    items = [1]
    items[3] = 0


@pytest.mark.parametrize(
    ("func", "error_type", "message"),
    [
        (lambda: 1 / 0, "ZeroDivisionError", "division by zero"),
        (lambda: 1 // 0, "ZeroDivisionError", "division by zero"),
        (lambda: 1 % 0, "ZeroDivisionError", "modulo by zero"),
        (_index_fail, "IndexError", "array index 5 out of range (length 3)"),
        (_string_index_fail, "IndexError", "string index -9 out of range (length 3)"),
        (_assign_fail, "IndexError", "array index 3 out of range (length 1)"),
        (lambda: [].pop(), "IndexError", "pop from an empty array"),
        (lambda: {"a": 1}["k"], "KeyError", "key 'k' not found"),
        (lambda: {}[3], "KeyError", "key 3 not found"),
        (lambda: "a" + 1, "TypeError", "cannot add string and number; use str() to convert the number"),
        (lambda: 1 + "a", "TypeError", "cannot add number and string; use str() to convert the number"),
        (lambda: [1] + None, "TypeError", "cannot add array and null"),
        (lambda: 1 - "a", "TypeError", "cannot subtract number and string"),
        (lambda: 1 < "a", "TypeError", "cannot compare number and string with '<'"),
        (lambda f=5: f(), "TypeError", "a number is not a function and cannot be called"),
        (lambda v=None: v[0], "TypeError", "a null cannot be indexed"),
        (lambda v=[1]: v["a"], "TypeError", "index must be a whole number, not string"),
        (lambda: {[1]: 2}, "TypeError", "an array cannot be used as an object key"),
        (lambda: -"s", "TypeError", "cannot negate string"),
        (lambda: [1, 2].index(9), "ValueError", "value not found in the array"),
        (lambda: next(iter([])), "StopIteration", "iterator is exhausted"),
    ],
)
def test_python_exceptions_get_ml_wording(func: Any, error_type: str, message: str) -> None:
    err = caught(func)
    assert (err.fields["type"], err.fields["message"]) == (error_type, message)


def test_recursion_error() -> None:
    def forever(n: int) -> int:
        return forever(n + 1)

    err = caught(lambda: forever(0))
    assert (err.fields["type"], err.fields["message"]) == ("RecursionError", "maximum recursion depth exceeded")


def test_argument_count_messages() -> None:
    def f(a: int) -> int:
        return a

    err = caught(lambda: f(1, 2))  # type: ignore[call-arg]
    assert err.fields["message"] == "f() takes 1 argument but 2 were given"
    err = caught(lambda: f())  # type: ignore[call-arg]
    assert err.fields["message"] == "f() missing 1 required argument: 'a'"


def test_unknown_type_error_message_passes_through() -> None:
    assert type_error_message("something new") == "something new"


def test_non_fatal_ml_errors_become_error_objects() -> None:
    err = error_from_exception(MLRuntimeError("custom", error_type="ValueError"))
    assert (err.type, err.message) == ("ValueError", "custom")


def test_error_is_only_on_error_objects() -> None:
    assert not error_is({"type": "TypeError"}, "TypeError")


def test_thrown_exception_text() -> None:
    exc = throw({"type": "E", "message": "boom"})
    assert isinstance(exc, MLThrown)
    assert str(exc) == "E: boom"
