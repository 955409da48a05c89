"""Tests of the ML ``functional`` module, called through its Python instance."""

from __future__ import annotations

import pytest

from mlpy.stdlib.decorators import module_info_of
from mlpy.stdlib.functional_bridge import functional as f


def ml(instance, name):
    """The Python method behind an ML name (aliases included), as the registry resolves it."""
    return getattr(instance, module_info_of(instance).method_names[name])


def inc(x):
    return x + 1


def double(x):
    return x * 2


def add3(a, b, c):
    return a + b + c


def test_composition():
    assert f.compose(inc, double)(5) == 11
    assert f.composeAll([inc, double])(5) == 11
    assert f.pipe(inc, double)(5) == 12
    assert f.pipeAll([inc, double])(5) == 12
    assert f.pipe()(7) == 7
    assert f.compose(double, lambda a, b: a + b)(1, 2) == 6


def test_currying_and_partial():
    assert f.curry(add3)(1)(2)(3) == 6
    assert f.curry(add3)(1, 2)(3) == 6
    assert f.curry(lambda *xs: sum(xs), 2)(1)(2) == 3
    assert f.curry2(lambda a, b: a - b)(10)(3) == 7
    assert f.partial(add3, 1, 2)(3) == 6
    assert ml(f, "partial_apply")(add3, 1)(2, 3) == 6


def test_small_combinators():
    assert f.identity([1]) == [1]
    assert f.constant(4)() == 4 and f.constant(4)(1, 2) == 4
    calls = []

    def slow(x):
        calls.append(x)
        return x * x

    fast = f.memoize(slow)
    assert fast(3) == 9 and fast(3) == 9 and calls == [3]
    assert f.memoize(len)([1, 2]) == 2  # arrays are accepted as arguments
    choose = f.ifElse(lambda x: x > 0, lambda x: "pos", lambda x: "neg")
    assert choose(1) == "pos" and choose(-1) == "neg"
    classify = f.cond([[lambda x: x < 0, lambda x: "neg"], [lambda x: x == 0, lambda x: "zero"]])
    assert classify(-3) == "neg" and classify(0) == "zero" and classify(5) is None
    assert f.juxt([inc, double])(4) == [5, 8]


def test_list_functions():
    assert f.map(inc, [1, 2]) == [2, 3]
    assert f.map(str.upper, "ab") == ["A", "B"]
    assert f.filter(lambda x: x > 1, [1, 2, 3]) == [2, 3]
    assert f.reduce(lambda a, b: a + b, [1, 2, 3]) == 6
    assert f.reduce(lambda a, b: a + b, [1, 2, 3], 10) == 16
    assert f.reduce(lambda a, b: a + b, []) is None
    seen = []
    assert f.forEach(seen.append, [1, 2]) is None and seen == [1, 2]
    ml(f, "for_each")(seen.append, [3])
    assert seen == [1, 2, 3]
    assert f.find(lambda x: x > 1, [1, 2, 3]) == 2 and f.find(lambda x: x > 9, [1]) is None
    assert f.some(lambda x: x > 2, [1, 3]) and not f.some(lambda x: x > 2, [])
    assert f.every(lambda x: x > 0, [1, 3]) and not f.every(lambda x: x > 2, [1, 3])
    assert f.zip([1, 2], ["a", "b"], [True]) == [[1, "a", True]]
    assert f.range(3) == [0, 1, 2] and f.range(1, 7, 2) == [1, 3, 5] and f.range(3, 0, -1) == [3, 2, 1]
    assert f.repeat("x", 3) == ["x", "x", "x"] and f.repeat(1, 0) == []
    assert f.take(2, [1, 2, 3]) == [1, 2] and f.drop(2, [1, 2, 3]) == [3]
    assert f.flatten([1, [2, [3, [4]]], []]) == [1, 2, 3, 4]
    assert f.chunk(2, [1, 2, 3]) == [[1, 2], [3]]
    assert f.groupBy(lambda x: x % 2 == 0, [1, 2, 3]) == {"false": [1, 3], "true": [2]}
    assert ml(f, "group_by")(len, ["a", "bb", "c"]) == {"1": ["a", "c"], "2": ["bb"]}
    assert f.unique([2, 1, 2, 3, 1]) == [2, 1, 3]
    assert f.reverse([1, 2]) == [2, 1]
    assert f.partition(lambda x: x > 1, [1, 2, 3]) == [[2, 3], [1]]
    assert f.times(3, lambda i: i * i) == [0, 1, 4]
    assert f.zipWith(lambda a, b: a + b, [1, 2], [10, 20, 30]) == [11, 22]
    assert f.takeWhile(lambda x: x < 3, [1, 2, 3, 1]) == [1, 2]


def test_bad_input():
    with pytest.raises(TypeError, match=r"^functional\.map: expected a function as 'func', got number$"):
        f.map(1, [1])
    with pytest.raises(TypeError, match=r"functional\.composeAll: expected a function as 'functions\[1\]', got string"):
        f.composeAll([inc, "x"])
    with pytest.raises(ValueError, match=r"functional\.range: 'step' must not be 0"):
        f.range(0, 5, 0)
    with pytest.raises(ValueError, match=r"functional\.range: at most"):
        f.range(10**9)
    with pytest.raises(ValueError, match=r"functional\.cond: conditions\[0\] must be a \[predicate, function\] pair"):
        f.cond([[inc]])
    with pytest.raises(TypeError, match=r"functional\.filter: expected an array as 'iterable', got number"):
        f.filter(inc, 5)
