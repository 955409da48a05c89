"""Tests of the ML ``collections`` module, called through its Python instance."""

from __future__ import annotations

import pytest

from mlpy.stdlib.collections_bridge import collections as c
from mlpy.stdlib.decorators import module_info_of


def ml(instance, name):
    """The Python method behind an ML name (aliases included), as the registry resolves it."""
    return getattr(instance, module_info_of(instance).method_names[name])


def test_reads():
    assert c.length([1, 2, 3]) == 3
    assert c.length([]) == 0
    assert c.get([1, 2, 3], 1) == 2
    assert c.get([1, 2, 3], -1) == 3
    assert c.get([1, 2, 3], 3) is None
    assert c.first([4, 5]) == 4 and c.first([]) is None
    assert c.last([4, 5]) == 5 and c.last([]) is None
    assert c.contains([1, "a"], "a") and not c.contains([1], 2)
    assert c.indexOf([1, 2, 2], 2) == 1 and c.indexOf([1], 9) == -1
    assert ml(c, "index_of")([True, 1], 1) == 1  # true is not 1 in ML
    assert c.isEmpty([]) and not ml(c, "is_empty")([0])


def test_transforms_return_new_arrays():
    data = [1, 2, 3]
    assert c.append(data, 4) == [1, 2, 3, 4]
    assert c.prepend(data, 0) == [0, 1, 2, 3]
    assert c.concat(data, [9]) == [1, 2, 3, 9]
    assert c.slice(data, 1) == [2, 3] and c.slice(data, 0, 2) == [1, 2]
    assert c.reverse(data) == [3, 2, 1]
    assert c.removeAt(data, 0) == [2, 3] and ml(c, "remove_at")(data, -1) == [1, 2]
    assert c.take(data, 2) == [1, 2] and c.take(data, -1) == []
    assert c.drop(data, 2) == [3] and c.drop(data, 10) == []
    assert data == [1, 2, 3]


def test_callbacks():
    assert c.filter([1, 2, 3, 4], lambda x: x % 2 == 0) == [2, 4]
    assert c.map([1, 2], lambda x: x * 10) == [10, 20]
    assert c.find([1, 5, 7], lambda x: x > 4) == 5
    assert c.find([1], lambda x: x > 4) is None
    assert c.reduce([1, 2, 3], lambda acc, x: acc + x, 10) == 16
    assert c.reduce([], lambda acc, x: acc + x, 0) == 0
    assert c.every([2, 4], lambda x: x % 2 == 0) and c.every([], lambda x: False)
    assert c.some([1, 2], lambda x: x > 1) and not c.some([], lambda x: True)
    assert c.sortBy(["bb", "a", "ccc"], len) == ["a", "bb", "ccc"]
    assert c.sortBy([{"n": 2}, {"n": 1}], lambda o: o["n"], True) == [{"n": 2}, {"n": 1}]


def test_unique_keeps_first_occurrence_in_order():
    assert c.unique([3, 1, 3, 2, 1]) == [3, 1, 2]
    assert c.unique([1, True, 1.0, "1"]) == [1, True, "1"]
    assert c.unique([[1], [1], {"a": 1}, {"a": 1}]) == [[1], {"a": 1}]


def test_shape_functions():
    assert c.flatten([1, [2, [3]], []]) == [1, 2, [3]]
    assert c.zip([1, 2, 3], ["a", "b"]) == [[1, "a"], [2, "b"]]
    assert c.sort([3, 1, 2]) == [1, 2, 3] and c.sort(["b", "a"], True) == ["b", "a"]
    assert c.chunk([1, 2, 3, 4, 5], 2) == [[1, 2], [3, 4], [5]]
    assert c.chunk([], 3) == []


def test_bad_input():
    with pytest.raises(TypeError, match=r"^collections\.map: expected a function as 'transform', got number$"):
        c.map([1], 5)
    with pytest.raises(TypeError, match=r"^collections\.length: expected an array as 'lst', got string$"):
        c.length("abc")
    with pytest.raises(TypeError, match=r"^collections\.get: expected an integer as 'index', got string$"):
        c.get([1], "0")
    with pytest.raises(IndexError, match=r"collections\.removeAt: index 5 is out of range for an array of length 1"):
        c.removeAt([1], 5)
    with pytest.raises(ValueError, match=r"collections\.chunk: 'size' must be positive, got 0"):
        c.chunk([1], 0)
    with pytest.raises(TypeError, match=r"collections\.sort: cannot compare the items"):
        c.sort([1, "a"])
