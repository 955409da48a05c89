"""Comparison guards: ordering, sorting and searching values that share their arrays exponentially.

Forty ``a = [a, a]`` build a value of 80 small arrays that expands to 2**41 items: comparing it
with a different copy is one C call of hours. Under limits every operation that compares arrays
in one C call measures them first; ordinary values compare exactly as before.
"""

from __future__ import annotations

import io
from typing import Any

import pytest

import mlpy
from mlpy.errors import MLLimitError
from mlpy.runtime import guards

SHARED = "a = [0];\nb = [0];\nfor (i in range(40)) { a = [a, a]; b = [b, b]; }\n"
"""Two different values sharing their arrays 40 times over (three lines)."""

VISIT_MESSAGE = ("this comparison would visit more than 2000000 items (the value shares its arrays or "
                 "objects so often that it expands beyond the limit)")


def shared(levels: int) -> list[Any]:
    """``a = [a, a]`` ``levels`` times."""
    value: list[Any] = [0]
    for _ in range(levels):
        value = [value, value]
    return value


def limit_error(source: str) -> MLLimitError:
    """The limit error that ends ``source`` run with ``timeout=1``."""
    with pytest.raises(MLLimitError) as caught:
        mlpy.run(source, stdout=io.StringIO(), timeout=1)
    return caught.value


@pytest.mark.parametrize("op", ["<", "<=", ">", ">="])
def test_ordering_shared_arrays_is_refused_under_limits(op: str) -> None:
    error = limit_error(SHARED + f"x = a {op} b;\n")
    assert error.message == VISIT_MESSAGE
    assert (error.line, error.column) == (4, 5)


@pytest.mark.parametrize("op", ["<", "<=", ">", ">="])
def test_ordering_shared_arrays_is_refused_in_a_function(op: str) -> None:
    error = limit_error(SHARED + f"function f(x, y) {{ return x {op} y; }}\nz = f(a, b);\n")
    assert error.message == VISIT_MESSAGE
    assert error.line == 4


@pytest.mark.parametrize(("op", "fn"), [("<", guards.guarded_lt), ("<=", guards.guarded_le),
                                        (">", guards.guarded_gt), (">=", guards.guarded_ge)])
def test_ordering_guards_refuse_with_the_comparison_message(op: str, fn: Any) -> None:
    with pytest.raises(MLLimitError) as caught:
        fn(shared(40), shared(40))
    assert caught.value.message == VISIT_MESSAGE
    a = shared(10)
    assert fn(a, a) == {"<": False, "<=": True, ">": False, ">=": True}[op]  # the same value: no walk


def test_ordering_guards_answer_like_python() -> None:
    pairs = [([1, 2], [1, 3]), ([2], [1, 9]), ([], [0]), ([1, [2, 3]], [1, [2, 3]]), (1, 2.5), ("b", "a"),
             (shared(10), shared(10)), ([shared(10), 1], [shared(10), 2])]
    for a, b in pairs:
        assert guards.guarded_lt(a, b) == (a < b)
        assert guards.guarded_le(a, b) == (a <= b)
        assert guards.guarded_gt(a, b) == (a > b)
        assert guards.guarded_ge(a, b) == (a >= b)
    with pytest.raises(TypeError):
        guards.guarded_lt({}, {})


def test_ordinary_ordering_under_limits_and_in_loops() -> None:
    source = ("function count(n, lo) { i = 0; c = 0; while (i < n) { if (lo <= i && [i] > [lo]) { c = c + 1; } "
              "i = i + 1; } return c; }\n"
              "x = [1, 2] < [1, 3]; y = [2] <= [1, 9]; z = \"b\" > \"a\"; w = [[1], 2] >= [[1], 2];\n"
              "n = count(10, 4); f = 1.5 < 2;\n")
    for limits in ({"timeout": 5}, {}):
        result = mlpy.run(source, **limits)
        assert [result.globals[k] for k in "xyzwnf"] == [True, False, True, True, 5, True], limits
