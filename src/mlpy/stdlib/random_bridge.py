"""The ML ``random`` module: pseudo-random numbers, reproducible with ``setSeed``.

The module owns a private ``random.Random`` generator (never the process-wide one), so
``setSeed(42)`` followed by the same calls always gives the same numbers, whatever other code does.
Not for secrets: use ``crypto`` for tokens and keys. ``randomInt(a, b)`` includes both ends.
"""

from __future__ import annotations

import random as _pyrandom
import time as _time
from typing import Any

from mlpy.modules.bridge_support import expect_int, expect_list, expect_number, run_state
from mlpy.modules.decorators import ml_function, ml_module
from mlpy.runtime.guards import charged, check_array_size

_GENERATE = ["random.generate"]
_SAMPLE = ["random.sample"]


class _Generator:
    """One run's seed and generator."""

    __slots__ = ("rng", "seed")

    def __init__(self) -> None:
        self.seed = int(_time.time_ns() % (2**31))
        self.rng = _pyrandom.Random(self.seed)


@ml_module(
    name="random",
    description="Reproducible pseudo-random numbers and sampling",
    capabilities=["random.generate", "random.sample"],
    version="1.0.0",
)
class Random:
    """Seeded random numbers for simulations, games and tests."""

    @property
    def _gen(self) -> _Generator:
        """This run's generator: the module instance is shared by every run in the process, so a
        seed set (or read back) by one tenant's program must not reach another's."""
        return run_state(self, _Generator)

    @ml_function(description="Seed the generator; returns the seed", capabilities=_GENERATE,
                 aliases=["set_seed"])
    def setSeed(self, seed: int) -> int:  # noqa: N802 - ML name
        self._gen.seed = expect_int("random.setSeed", "seed", seed)
        self._gen.rng.seed(self._gen.seed)
        return self._gen.seed

    @ml_function(description="The last seed set", capabilities=_GENERATE, aliases=["get_seed"])
    def getSeed(self) -> int:  # noqa: N802 - ML name
        return self._gen.seed

    @ml_function(description="A random non-negative 31-bit integer", capabilities=_GENERATE,
                 aliases=["next_int"])
    def nextInt(self) -> int:  # noqa: N802 - ML name
        return self._gen.rng.getrandbits(31)

    @ml_function(description="A float in [0, 1)", capabilities=_GENERATE)
    def random(self) -> float:
        return self._gen.rng.random()

    @ml_function(description="A float in [min_val, max_val)", capabilities=_GENERATE,
                 aliases=["random_float"])
    def randomFloat(self, min_val: float = 0, max_val: float = 1) -> float:  # noqa: N802
        low = expect_number("random.randomFloat", "min_val", min_val)
        high = expect_number("random.randomFloat", "max_val", max_val)
        return low + (high - low) * self._gen.rng.random()

    @ml_function(description="An integer in [min_val, max_val], both ends included",
                 capabilities=_GENERATE, aliases=["random_int"])
    def randomInt(self, min_val: int = 0, max_val: int = 100) -> int:  # noqa: N802
        low = expect_int("random.randomInt", "min_val", min_val)
        high = expect_int("random.randomInt", "max_val", max_val)
        if low > high:
            raise ValueError(f"random.randomInt: min_val ({low}) is greater than max_val ({high})")
        return self._gen.rng.randint(low, high)

    @ml_function(description="true or false with equal probability", capabilities=_GENERATE,
                 aliases=["random_bool"])
    def randomBool(self) -> bool:  # noqa: N802 - ML name
        return self._gen.rng.random() < 0.5

    @ml_function(description="true with the given probability (0 to 1)", capabilities=_GENERATE)
    def randomBoolWeighted(self, probability: float) -> bool:  # noqa: N802 - ML name
        chance = expect_number("random.randomBoolWeighted", "probability", probability)
        if not 0 <= chance <= 1:
            raise ValueError(f"random.randomBoolWeighted: probability must be between 0 and 1, got {chance}")
        return self._gen.rng.random() < chance

    @ml_function(description="A random item of a non-empty array", capabilities=_SAMPLE)
    def choice(self, lst: list) -> Any:
        items = expect_list("random.choice", "lst", lst)
        if not items:
            raise ValueError("random.choice: the array is empty")
        return self._gen.rng.choice(items)

    @ml_function(description="A shuffled copy of an array", capabilities=_SAMPLE)
    def shuffle(self, lst: list) -> list[Any]:
        items = list(expect_list("random.shuffle", "lst", lst))
        rng = self._gen.rng
        # Fisher-Yates here rather than rng.shuffle: a Python loop over millions of items must
        # charge steps, so that the run's time limit can stop it.
        for position in charged(range(len(items) - 1, 0, -1)):
            other = rng.randrange(position + 1)
            items[position], items[other] = items[other], items[position]
        return items

    @ml_function(description="n distinct items picked at random", capabilities=_SAMPLE)
    def sample(self, lst: list, n: int) -> list[Any]:
        items = expect_list("random.sample", "lst", lst)
        count = expect_int("random.sample", "n", n)
        if not 0 <= count <= len(items):
            raise ValueError(f"random.sample: cannot pick {count} items from an array of {len(items)}")
        return _sample("random.sample", self._gen.rng, items, count)

    @ml_function(description="A normally distributed float", capabilities=_GENERATE,
                 aliases=["random_normal"])
    def randomNormal(self, mean: float = 0, stddev: float = 1) -> float:  # noqa: N802
        return self._normal("randomNormal", mean, stddev)

    @ml_function(description="A float in [min_val, max_val]", capabilities=_GENERATE)
    def uniform(self, min_val: float, max_val: float) -> float:
        low = expect_number("random.uniform", "min_val", min_val)
        high = expect_number("random.uniform", "max_val", max_val)
        return self._gen.rng.uniform(low, high)

    @ml_function(description="A normally distributed float (same as randomNormal)",
                 capabilities=_GENERATE)
    def gaussian(self, mean: float = 0, stddev: float = 1) -> float:
        return self._normal("gaussian", mean, stddev)

    def _normal(self, name: str, mean: Any, stddev: Any) -> float:
        centre = expect_number(f"random.{name}", "mean", mean)
        spread = expect_number(f"random.{name}", "stddev", stddev)
        if spread < 0:
            raise ValueError(f"random.{name}: stddev must not be negative, got {spread}")
        return self._gen.rng.gauss(centre, spread)

    @ml_function(description="A float in [low, high] from a triangular distribution",
                 capabilities=_GENERATE)
    def triangular(self, low: float, high: float, mode: float | None = None) -> float:
        a = expect_number("random.triangular", "low", low)
        b = expect_number("random.triangular", "high", high)
        c = None if mode is None else expect_number("random.triangular", "mode", mode)
        return self._gen.rng.triangular(a, b, c)

    @ml_function(description="count distinct indices in [0, length)", capabilities=_SAMPLE,
                 aliases=["random_indices"])
    def randomIndices(self, length: int, count: int) -> list[int]:  # noqa: N802 - ML name
        size = expect_int("random.randomIndices", "length", length)
        picks = expect_int("random.randomIndices", "count", count)
        if size < 0 or not 0 <= picks <= size:
            raise ValueError(f"random.randomIndices: cannot pick {picks} indices out of {size}")
        return _sample("random.randomIndices", self._gen.rng, range(size), picks)


def _sample(function: str, rng: _pyrandom.Random, population: Any, count: int) -> list[Any]:
    """``count`` distinct items of ``population`` in random order. Small picks use the library's
    sampler; large ones a partial Fisher-Yates shuffle whose loop charges steps (the library's is
    a Python loop of its own that no time limit could stop)."""
    if count <= _SMALL_SAMPLE:
        return rng.sample(population, count)
    check_array_size(len(population), function)
    pool = list(population)
    size = len(pool)
    for position in charged(range(count)):
        other = rng.randrange(position, size)
        pool[position], pool[other] = pool[other], pool[position]
    return pool[:count]


_SMALL_SAMPLE = 4096

random = Random()


def run_generator() -> _pyrandom.Random:
    """The current run's generator (what ``random.*`` and ``math.random`` draw from): never Python's
    process-wide one, whose stream the host and other runs share."""
    return run_state(random, _Generator).rng
