"""language.suggest: the one did-you-mean of mlpy."""

from __future__ import annotations

import pytest

from mlpy.language.suggest import closest_name, edit_distance


@pytest.mark.parametrize("name, candidates, expected", [
    ("fib", ["i", "x"], None),               # never a one-letter name for a longer one
    ("fb", ["fib", "i"], "fib"),
    ("pritn", ["print", "printf"], "print"),  # a swap of neighbours is one edit
    ("Print", ["print", "Prin"], "print"),    # a difference in case only comes first
    ("lenght", ["length", "len"], "length"),
    ("sqrtt", ["sqrt", "sqr"], "sqrt"),
    ("greet", ["regex", "json"], None),       # too far for five letters
    ("itms", ["items", "its"], "items"),      # same first letter wins a tie
    ("configuraton", ["configuration"], "configuration"),
    ("x", ["x"], None),                       # never the name itself
    ("y", ["z"], "z"),
])
def test_closest_name(name: str, candidates: list[str], expected: str | None) -> None:
    assert closest_name(name, candidates) == expected


def test_edit_distance_counts_swaps_as_one_and_stops_at_the_limit() -> None:
    assert edit_distance("abc", "acb", 3) == 1
    assert edit_distance("kitten", "sitting", 5) == 3
    assert edit_distance("short", "a much longer text", 2) == 3
