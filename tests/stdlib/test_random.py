"""Tests of the ML ``random`` module: reproducibility, ranges and bad input."""

from __future__ import annotations

import pytest

from mlpy.stdlib.decorators import module_info_of
from mlpy.stdlib.random_bridge import Random
from mlpy.stdlib.random_bridge import random as shared


def ml(instance, name):
    """The Python method behind an ML name (aliases included), as the registry resolves it."""
    return getattr(instance, module_info_of(instance).method_names[name])


def sequence(r: Random) -> list:
    return [r.nextInt(), r.random(), r.randomFloat(5, 6), r.randomInt(1, 6), r.randomBool(),
            r.randomBoolWeighted(0.5), r.choice([1, 2, 3]), r.shuffle([1, 2, 3, 4]), r.sample([1, 2, 3], 2),
            r.randomNormal(), r.uniform(1, 2), r.gaussian(10, 2), r.triangular(0, 1), r.randomIndices(10, 3)]


def test_set_seed_makes_the_sequence_reproducible():
    a, b = Random(), Random()
    assert a.setSeed(42) == 42 and ml(b, "set_seed")(42) == 42
    assert sequence(a) == sequence(b)
    assert a.getSeed() == 42 and ml(a, "get_seed")() == 42
    a.setSeed(42)
    first = a.nextInt()
    a.setSeed(42)
    assert ml(a, "next_int")() == first


def test_ranges():
    r = Random()
    r.setSeed(1)
    for _ in range(200):
        assert 0 <= r.random() < 1
        assert 2 <= r.randomFloat(2, 3) < 3
        assert 1 <= r.randomInt(1, 3) <= 3
        assert 0 <= r.nextInt() < 2**31
        assert 1 <= r.uniform(1, 2) <= 2
        assert 0 <= r.triangular(0, 10, 9) <= 10
    assert r.randomInt(5, 5) == 5
    assert r.randomBoolWeighted(0) is False and r.randomBoolWeighted(1) is True
    assert isinstance(ml(r, "random_bool")(), bool)
    assert 0 <= ml(r, "random_int")() <= 100
    assert 0 <= ml(r, "random_float")() < 1
    assert isinstance(ml(r, "random_normal")(0, 0), float) and r.randomNormal(3, 0) == 3
    assert sorted(r.shuffle([3, 1, 2])) == [1, 2, 3]
    assert len(set(r.sample(list(range(10)), 10))) == 10
    indices = ml(r, "random_indices")(5, 5)
    assert sorted(indices) == [0, 1, 2, 3, 4]
    assert r.choice(["only"]) == "only"


def test_shuffle_does_not_modify_input():
    data = [1, 2, 3, 4, 5]
    shared.shuffle(data)
    assert data == [1, 2, 3, 4, 5]


def test_bad_input():
    r = Random()
    with pytest.raises(ValueError, match=r"^random\.choice: the array is empty$"):
        r.choice([])
    with pytest.raises(ValueError, match=r"random\.randomInt: min_val \(5\) is greater than max_val \(1\)"):
        r.randomInt(5, 1)
    with pytest.raises(ValueError, match=r"random\.sample: cannot pick 4 items from an array of 3"):
        r.sample([1, 2, 3], 4)
    with pytest.raises(ValueError, match=r"random\.randomBoolWeighted: probability must be between 0 and 1, got 2"):
        r.randomBoolWeighted(2)
    with pytest.raises(TypeError, match=r"random\.setSeed: expected an integer as 'seed', got string"):
        r.setSeed("x")
    with pytest.raises(ValueError, match=r"random\.gaussian: stddev must not be negative"):
        r.gaussian(0, -1)
    with pytest.raises(ValueError, match=r"random\.randomIndices: cannot pick 3 indices out of 2"):
        r.randomIndices(2, 3)
