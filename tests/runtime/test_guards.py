"""Size guards for operations that build or traverse huge values from a tiny program."""

from __future__ import annotations

import io

import pytest

import mlpy
from mlpy.errors import MLLimitError
from mlpy.runtime import guards
from mlpy.runtime.members import call_method


def shared(levels: int) -> list:
    """``a = [a, a]`` ``levels`` times: 2 * levels + 1 small arrays, 2**levels leaves."""
    value: list = [1]
    for _ in range(levels):
        value = [value, value]
    return value


def test_expanded_size_counts_shared_arrays_each_time_without_visiting_them() -> None:
    assert guards.expanded_size([1, 2, [3, 4]]) == 6
    assert guards.expanded_size({"a": [1]}) == 3
    assert guards.expanded_size(7) == 1
    assert guards.expanded_size(shared(40), stop=10**15) == 3 * 2**40 - 1


def test_expanded_size_counts_a_cycle_once() -> None:
    loop: list = [1]
    loop.append(loop)
    assert guards.expanded_size(loop) == 3


def test_check_expanded_size_names_the_operation() -> None:
    guards.check_expanded_size(shared(10), "x")
    with pytest.raises(MLLimitError) as caught:
        guards.check_expanded_size(shared(40), "log.info")
    assert caught.value.message.startswith("log.info would visit more than 2000000 items")


def test_join_replace_and_split_refuse_results_beyond_the_limits() -> None:
    with pytest.raises(MLLimitError) as caught:
        call_method("", "join", ["a" * 1_000_000] * 33)
    assert caught.value.message == ("join would build a string of 33000000 characters "
                                    "(limit: 32000000 characters of ASCII, a quarter of that otherwise)")
    with pytest.raises(MLLimitError) as caught:
        call_method("a" * 100, "replace", "", "b" * 400_000)
    assert caught.value.message.startswith("replace would build a string of 40400100 characters")
    with pytest.raises(MLLimitError) as caught:
        call_method("," * 2_500_000, "split", ",")
    assert caught.value.message == "split would build an array of 2500001 items (limit: 2000000 items)"


def test_join_replace_and_split_still_work() -> None:
    assert call_method("-", "join", ["a", "b", "c"]) == "a-b-c"
    assert call_method("aaa", "replace", "a", "bb", 2) == "bbbba"
    assert call_method("abc", "replace", "b", "") == "ac"
    assert call_method("a b  c", "split") == ["a", "b", "c"]
    assert call_method("a,b,c", "split", ",", 1) == ["a", "b,c"]
    assert call_method("a\nb", "splitlines") == ["a", "b"]


def run(source: str, **options: object) -> tuple[str, BaseException | None]:
    out = io.StringIO()
    try:
        mlpy.run(source, stdout=out, **options)
    except mlpy.MLError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


def test_str_of_a_value_sharing_its_arrays_stops_at_the_piece_limit() -> None:
    _, error = run("a = [1];\nfor (i in range(40)) { a = [a, a]; }\nprint(str(a).length);\n")
    assert isinstance(error, MLLimitError)
    assert (error.line, error.message) == (3, "converting the value to text would assemble more than "
                                              "4000002 pieces or 32000000 characters (it shares its "
                                              "arrays, objects or strings so often that its text "
                                              "exceeds the limit)")


def test_a_bridge_loop_over_shared_arrays_is_stopped_by_the_timeout() -> None:
    source = "import functional;\na = [1];\nfor (i in range(40)) { a = [a, a]; }\nfunctional.flatten(a);\n"
    _, error = run(source, timeout=0.5)
    assert error is not None and error.kind == "TimeoutError" and error.line == 4


def test_a_bridge_loop_is_stopped_by_the_step_limit() -> None:
    source = "import json;\na = [1];\nfor (i in range(30)) { a = [a, a]; }\njson.stringify(a);\n"
    _, error = run(source, max_steps=200)
    assert isinstance(error, MLLimitError) and error.line == 4
    assert "step limit of 200 exceeded" in error.message


def test_guarded_add_stops_doubling_strings_and_arrays() -> None:
    from mlpy.errors import MLLimitError
    from mlpy.runtime.guards import MAX_ARRAY_ITEMS, MAX_STRING_CHARS, guarded_add

    assert guarded_add("ab", "cd") == "abcd"
    assert guarded_add([1], [2]) == [1, 2]
    assert guarded_add(1, 2.5) == 3.5
    half = "x" * (MAX_STRING_CHARS // 2 + 1)
    with pytest.raises(MLLimitError, match="would build a string of"):
        guarded_add(half, half)
    items = [0] * (MAX_ARRAY_ITEMS // 2 + 1)
    with pytest.raises(MLLimitError, match="would build an array of"):
        guarded_add(items, items)


def test_security_limits_page_lists_every_bound() -> None:
    """docs/security-limits.md states each bound with the value the guards enforce."""
    from pathlib import Path

    page = (Path(__file__).parents[2] / "docs" / "security-limits.md").read_text(encoding="utf-8")
    for value in (guards.MAX_STRING_CHARS, guards.MAX_STRING_CHARS // guards.WIDE_CHAR_BYTES,
                  guards.MAX_ARRAY_ITEMS, guards.MAX_SORT_ITEMS, guards.MAX_INT_BITS, guards.MAX_INT_DIGITS,
                  guards.MAX_FORMAT_WIDTH, guards.MAX_REGEX_PATTERN, guards.MAX_CONTAINERS,
                  guards.MAX_COMPARE_WORK, guards.MAX_EXPANDED_ITEMS):
        assert f"{value:,}" in page, value
    assert f"{guards.MAX_DIVISION_WORK:.0e}".replace("+", "") in page
    assert f"±{guards.MAX_ROUND_DIGITS}" in page
