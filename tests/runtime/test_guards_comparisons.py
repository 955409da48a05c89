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


def compare_message(what: str) -> str:
    """The refusal of a collection operation whose comparisons would expand too far."""
    return (f"{what} could compare more than 30000000 items of arrays and objects in one step (the "
            "values share their arrays or objects so often, or are so many, that comparing them "
            "expands beyond the limit)")


def visit_message(what: str) -> str:
    """The refusal of a search for one value that alone expands too far."""
    return (f"{what} would visit more than 2000000 items (the value shares its arrays or objects so "
            "often that it expands beyond the limit)")


@pytest.mark.parametrize(("code", "message"), [
    ("x = sorted([a, b]);", compare_message("sorted()")),
    ("x = [a, b];\nx.sort(true);", compare_message("sort()")),
    ("x = sorted([1, 2], fn(v) => v == 1 ? a : b);", compare_message("sorted()")),
    ("x = [1, 2];\nx.sort(fn(v) => v == 1 ? a : b, true);", compare_message("sort()")),
    ("x = min([a, b]);", compare_message("min()")),
    ("x = max(a, b);", compare_message("max()")),
    ("x = [a].index(b);", visit_message("index()")),
    ("x = [1, a].index(b, 1);", visit_message("index()")),
    ("x = [a, a].count(b);", visit_message("count()")),
    ("x = [a];\nx.remove(b);", visit_message("remove()")),
])
def test_builtins_comparing_shared_arrays_are_refused_under_limits(code: str, message: str) -> None:
    error = limit_error(SHARED + code + "\n")
    assert error.message == message
    assert error.line == 3 + code.count("\n") + 1


def test_a_search_among_many_candidates_is_refused_by_its_total_work() -> None:
    # each value alone expands to 3 * 2**17 items (allowed); 100 equal, distinct candidates are not
    source = ("function build() { v = [0]; for (i in range(17)) { v = [v, v]; } return v; }\n"
              "items = []; for (i in range(100)) { items.append(build()); }\n"
              "x = items.count(build());\n")
    error = limit_error(source)
    assert error.message == compare_message("count()")
    assert error.line == 3


def test_searching_for_a_shared_value_that_no_item_can_equal_answers_at_once() -> None:
    result = mlpy.run(SHARED + "x = [1, 2, [3]].count({k: a}); y = [1, a].index(a); z = [[1], [0]].count(b);\n",
                      timeout=1)
    assert (result.globals["x"], result.globals["y"], result.globals["z"]) == (0, 1, 0)


ORDINARY = """
pairs = [[3, "c"], [1, "a"], [2, "b"], [1, "0"]];
s1 = sorted(pairs);
s2 = sorted(pairs, true);
s3 = sorted(pairs, fn(p) => [p[1], p[0]]);
p = pairs.copy(); p.sort(fn(p) => p[1], true);
lo = min(pairs); hi = max([1, [2]], [1, [3]]); m = min(4, 2.5, 7); e = max([]);
i = pairs.index([2, "b"]); c = [[1], [1], 1, "1"].count([1]);
r = [[1], [2], [1]]; r.remove([1]);
nums = sorted([3, 1.5, -2]); words = sorted(["b", "a", "c"], true);
objs = [{k: [1]}, {k: [2]}].index({k: [2]});
"""

EXPECTED = {
    "s1": [[1, "0"], [1, "a"], [2, "b"], [3, "c"]],
    "s2": [[3, "c"], [2, "b"], [1, "a"], [1, "0"]],
    "s3": [[1, "0"], [1, "a"], [2, "b"], [3, "c"]],
    "p": [[3, "c"], [2, "b"], [1, "a"], [1, "0"]],
    "lo": [1, "0"], "hi": [1, [3]], "m": 2.5, "e": None, "i": 2, "c": 2, "r": [[2], [1]],
    "nums": [-2, 1.5, 3], "words": ["c", "b", "a"], "objs": 1,
}


@pytest.mark.parametrize("limits", [{"timeout": 5, "max_steps": 100_000}, {}], ids=["limits", "no-limits"])
def test_ordinary_sorts_searches_and_extremes_are_unchanged(limits: dict[str, Any]) -> None:
    result = mlpy.run(ORDINARY, **limits)
    assert {name: result.globals[name] for name in EXPECTED} == EXPECTED


def test_collection_checks_measure_only_under_limits() -> None:
    from mlpy.runtime.limits import Limits, run_scope

    a, b = shared(40), shared(40)
    guards.check_ordering([a, b], "sorted()")  # no run limits: no walk, no refusal (by design)
    guards.check_search([a], b, "index()")
    with run_scope(Limits(timeout=5)):
        with pytest.raises(MLLimitError) as caught:
            guards.check_ordering([a, b], "sorted()")
        assert caught.value.message == compare_message("sorted()")
        with pytest.raises(MLLimitError) as caught:
            guards.check_ordering([a, b], "min()", sorting=False)
        assert caught.value.message == compare_message("min()")
        with pytest.raises(MLLimitError) as caught:
            guards.check_search([a], b, "index()")
        assert caught.value.message == visit_message("index()")
        guards.check_ordering([shared(20), shared(20)], "sorted()")  # 2 x 3 * 2**20: within the budget
        guards.check_ordering([[1, 2]] * 1000 + [[3, shared(5)]], "sorted()")
        guards.check_ordering([{"k": a}, {"k": b}], "sorted()")  # objects do not order: TypeError at once
        guards.check_search([[1], [2, 3]], [4, 5], "index()")


def test_expanded_total_shares_its_walk_between_items() -> None:
    a = shared(10)
    assert guards.expanded_total([a, a, 1, [1, 2]]) == 2 * guards.expanded_size(a) + 1 + 3
    assert guards.expanded_total([shared(40)] * 3, stop=100) > 100


def test_ordering_budget_shrinks_with_the_number_of_items() -> None:
    from mlpy.runtime.limits import Limits, run_scope

    pairs = [[i % 7, i] for i in range(100_000)]
    with run_scope(Limits(timeout=5)):
        guards.check_ordering(pairs, "sorted()")  # 300,001 items x 17 compares: within the bound
        with pytest.raises(MLLimitError):
            guards.check_ordering([[i, i, i, i, i, i, i, i, i] for i in range(300_000)], "sorted()")


@pytest.mark.parametrize(("code", "message"), [
    ("import collections;\nx = collections.indexOf([a], b);", visit_message("collections.indexOf")),
    ("import collections;\nx = collections.contains([1, a], b);", visit_message("collections.contains")),
    ("import collections;\nx = collections.unique([a, b]);", visit_message("collections.unique")),
    ("import functional;\nx = functional.unique([1, a, 2, b]);", visit_message("functional.unique")),
    ("import collections;\nx = collections.sort([a, b]);", compare_message("collections.sort")),
    ("import collections;\nx = collections.sortBy([1, 2], fn(v) => v == 1 ? a : b);",
     compare_message("collections.sortBy")),
    ("import functional;\nf = functional.memoize(fn(v) => 1);\nx = f(a);", visit_message("functional.memoize")),
])
def test_library_functions_comparing_shared_arrays_are_refused_under_limits(code: str, message: str) -> None:
    error = limit_error(SHARED + code + "\n")
    assert error.message == message
    assert error.line == 3 + code.count("\n") + 1


LIBRARY = """
import collections;
import functional;
rows = [[2, "b"], [1, "a"], [2, "b"], {k: [1]}, {k: [1]}, [1, "a", 0]];
u1 = collections.unique(rows);
u2 = functional.unique([1, true, 1.0, [1], [true], [1]]);
i = collections.indexOf(rows, {k: [1]}); j = collections.indexOf(rows, [9]);
c = collections.contains(rows, [1, "a", 0]);
s = collections.sort([[2, 1], [1, 2], [1, 1]], true);
sb = collections.sortBy(rows[0:3], fn(r) => [r[1], r[0]]);
seen = [];
g = functional.memoize(fn(v) => { seen.append(v); return v.length; });
m = [g([1, [2]]), g([1, [2]]), g([1, [3], 4])];
calls = seen.length;
"""

LIBRARY_EXPECTED = {
    "u1": [[2, "b"], [1, "a"], {"k": [1]}, [1, "a", 0]],
    "u2": [1, True, [1]],  # inside arrays, true == 1 (Python equality)
    "i": 3, "j": -1, "c": True,
    "s": [[2, 1], [1, 2], [1, 1]],
    "sb": [[1, "a"], [2, "b"], [2, "b"]],
    "m": [2, 2, 3], "calls": 2,
}


@pytest.mark.parametrize("limits", [{"timeout": 5, "max_steps": 100_000}, {}], ids=["limits", "no-limits"])
def test_ordinary_library_searches_sorts_and_caches_are_unchanged(limits: dict[str, Any]) -> None:
    result = mlpy.run(LIBRARY, **limits)
    assert {name: result.globals[name] for name in LIBRARY_EXPECTED} == LIBRARY_EXPECTED


def test_measuring_a_large_value_charges_a_step() -> None:
    from mlpy.runtime.limits import Limits, run_scope

    big = [[i] for i in range(guards.TICK_ITEMS)]
    with run_scope(Limits(max_steps=10_000)) as meter:
        before = meter.steps
        guards.check_expanded_size([[1], [2]], "x")
        assert meter.steps == before
        guards.check_expanded_size(big, "x")
        assert meter.steps == before + 1
        guards.check_compared(big, list(big))
        assert meter.steps == before + 3


def test_expanded_size_sizes_flat_arrays_without_walking_them_and_keeps_its_counts() -> None:
    loop: list[Any] = [1, {"k": [2, "s"]}]
    loop.append(loop)
    assert guards.expanded_size(loop) == 7  # loop, 1, object, its array, 2, "s", the cycle once
    assert guards.expanded_size([[1, 2]] * 3) == 10
    assert guards.expanded_size([[i] for i in range(1000)], stop=500) > 500


def test_a_key_function_cannot_grow_the_keys_it_returned_before() -> None:
    # the third key call fills the first two keys (measured small when returned) with shared arrays
    source = SHARED + ("c = []; e = [];\n"
                       "function k(v) { if (v == 3) { c.append(a); e.append(b); return [0]; } "
                       "return v == 1 ? [c] : [e]; }\n"
                       "x = [1, 2, 3];\nx.sort(k);\n")
    error = limit_error(source)
    assert error.message == compare_message("sort()")
    assert error.line == 7


def test_a_sort_key_function_sees_the_list_empty_and_may_not_modify_it() -> None:
    source = ("x = [3, 1, 2]; seen = [];\n"
              "try { x.sort(fn(v) => { seen.append(x.length); x.append(9); return v; }); } "
              "except (e) { m = str(e); }\n"
              "y = [[1, \"b\"], [0, \"c\"], [1, \"a\"]]; y.sort(fn(p) => p[0], true);\n")
    for limits in ({"timeout": 5}, {}):
        result = mlpy.run(source, **limits)
        assert result.globals["seen"] == [0, 1, 2], limits
        assert "list modified during sort" in result.globals["m"], limits
        assert result.globals["y"] == [[1, "b"], [1, "a"], [0, "c"]], limits
