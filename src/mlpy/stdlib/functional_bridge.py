"""The ML ``functional`` module: function combinators and list processing with the function first.

Combinators (``compose``, ``pipe``, ``curry``, ``partial``, ``memoize``, ...) return plain Python
closures; to ML they are ordinary functions (``typeof`` is ``"function"``) and expose no members.
``compose(f, g)(x)`` is ``f(g(x))``; ``pipe(f, g)(x)`` is ``g(f(x))``. List functions take the function
first (``map(fn, list)``), return new arrays and never modify their input. ``memoize`` caches by the
ML value of the arguments (arrays and objects compared by value) and holds at most 10,000 entries.
"""

from __future__ import annotations

import inspect as _inspect
from collections.abc import Callable
from typing import Any

from mlpy.modules.bridge_support import (
    call,
    expect_callable,
    expect_int,
    expect_list,
    unique_values,
)
from mlpy.modules.decorators import ml_function, ml_module
from mlpy.runtime.guards import charged, check_array_size, check_expanded_size, limits_active

_COMPOSE = ["functional.compose"]
_TRANSFORM = ["functional.transform"]
_MEMO_LIMIT = 10_000
_MAX_RANGE = 10_000_000


def _functions(name: str, functions: Any) -> list[Callable[..., Any]]:
    items = expect_list(f"functional.{name}", "functions", functions)
    return [expect_callable(f"functional.{name}", f"functions[{i}]", f) for i, f in enumerate(items)]


def _sequence(name: str, param: str, value: Any) -> list[Any]:
    """Iterables ML can pass: arrays, and strings (their characters)."""
    if isinstance(value, str):
        check_array_size(len(value), f"functional.{name}")  # one item per character
        return list(value)
    return expect_list(f"functional.{name}", param, value)


def _arity(func: Callable[..., Any]) -> int:
    """How many positional parameters a callback declares (required ones), for ``curry``."""
    try:
        signature = _inspect.signature(func)
    except (TypeError, ValueError):
        return 1
    count = 0
    for parameter in signature.parameters.values():
        if parameter.kind in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD):
            if parameter.default is parameter.empty:
                count += 1
    return max(count, 1)


def _memo_key(value: Any) -> Any:
    """A hashable stand-in for an ML value (booleans kept apart from numbers)."""
    if isinstance(value, bool):
        return ("b", value)
    if isinstance(value, list | tuple):
        return ("a", tuple(_memo_key(v) for v in value))
    if isinstance(value, dict):
        return ("o", tuple((_memo_key(k), _memo_key(v)) for k, v in value.items()))
    try:
        hash(value)
    except TypeError:
        return ("id", id(value))
    return ("v", value)


@ml_module(
    name="functional",
    description="Function composition and list processing",
    capabilities=["functional.compose", "functional.transform"],
    version="1.0.0",
)
class Functional:
    """Functional programming helpers: composition, currying and function-first list operations."""

    @ml_function(description="Compose right to left: compose(f, g)(x) is f(g(x))", capabilities=_COMPOSE)
    def compose(self, *functions: Any) -> Callable[..., Any]:
        return self.composeAll(list(functions))

    @ml_function(description="compose() over an array of functions", capabilities=_COMPOSE)
    def composeAll(self, functions: list) -> Callable[..., Any]:  # noqa: N802 - ML name
        chain = _functions("composeAll", functions)[::-1]
        return self._chain(chain)

    @ml_function(description="Compose left to right: pipe(f, g)(x) is g(f(x))", capabilities=_COMPOSE)
    def pipe(self, *functions: Any) -> Callable[..., Any]:
        return self.pipeAll(list(functions))

    @ml_function(description="pipe() over an array of functions", capabilities=_COMPOSE)
    def pipeAll(self, functions: list) -> Callable[..., Any]:  # noqa: N802 - ML name
        return self._chain(_functions("pipeAll", functions))

    @staticmethod
    def _chain(chain: list[Callable[..., Any]]) -> Callable[..., Any]:
        def chained(*args: Any) -> Any:
            if not chain:
                return args[0] if args else None
            result = call(chain[0], *args)
            for func in chain[1:]:
                result = call(func, result)
            return result

        return chained

    @ml_function(description="A curried function taking its arguments one or more at a time",
                 capabilities=_COMPOSE)
    def curry(self, func: Any, arity: int | None = None) -> Callable[..., Any]:
        target = expect_callable("functional.curry", "func", func)
        needed = _arity(target) if arity is None else expect_int("functional.curry", "arity", arity)

        def collect(*so_far: Any) -> Any:
            if len(so_far) >= needed:
                return call(target, *so_far)

            def more(*args: Any) -> Any:
                return collect(*so_far, *args)

            return more

        return collect

    @ml_function(description="A function with the first arguments fixed", capabilities=_COMPOSE,
                 aliases=["partial_apply"])
    def partial(self, func: Any, *args: Any) -> Callable[..., Any]:
        target = expect_callable("functional.partial", "func", func)
        fixed = tuple(args)

        def applied(*rest: Any) -> Any:
            return call(target, *fixed, *rest)

        return applied

    @ml_function(description="Returns its argument", capabilities=[])
    def identity(self, x: Any) -> Any:
        return x

    @ml_function(description="A function that always returns value", capabilities=_COMPOSE)
    def constant(self, value: Any) -> Callable[..., Any]:
        def constant_function(*_args: Any) -> Any:
            return value

        return constant_function

    @ml_function(description="A caching version of a function (keyed by argument values)",
                 capabilities=_COMPOSE)
    def memoize(self, func: Any) -> Callable[..., Any]:
        target = expect_callable("functional.memoize", "func", func)
        cache: dict[Any, Any] = {}

        def memoized(*args: Any) -> Any:
            arguments = list(args)
            if limits_active():  # the key spells out every array: shared ones as often as they occur
                check_expanded_size(arguments, "functional.memoize")
            key = _memo_key(arguments)
            if key in cache:
                return cache[key]
            result = call(target, *args)
            if len(cache) < _MEMO_LIMIT:
                cache[key] = result
            return result

        return memoized

    @ml_function(description="func applied to every item", capabilities=_TRANSFORM)
    def map(self, func: Any, iterable: Any) -> list[Any]:
        target = expect_callable("functional.map", "func", func)
        return [call(target, item) for item in _sequence("map", "iterable", iterable)]

    @ml_function(description="Items for which the predicate is truthy", capabilities=_TRANSFORM)
    def filter(self, predicate: Any, iterable: Any) -> list[Any]:
        test = expect_callable("functional.filter", "predicate", predicate)
        return [item for item in _sequence("filter", "iterable", iterable) if call(test, item)]

    @ml_function(description="Fold with func(accumulator, item); without initial, the first item starts",
                 capabilities=_TRANSFORM)
    def reduce(self, func: Any, iterable: Any, initial: Any = None) -> Any:
        target = expect_callable("functional.reduce", "func", func)
        items = _sequence("reduce", "iterable", iterable)
        if initial is None:
            if not items:
                return None
            accumulator, items = items[0], items[1:]
        else:
            accumulator = initial
        for item in items:
            accumulator = call(target, accumulator, item)
        return accumulator

    @ml_function(description="Call func on every item", capabilities=_TRANSFORM, aliases=["for_each"])
    def forEach(self, func: Any, iterable: Any) -> None:  # noqa: N802 - ML name
        target = expect_callable("functional.forEach", "func", func)
        for item in _sequence("forEach", "iterable", iterable):
            call(target, item)

    @ml_function(description="The first item for which the predicate is truthy, or null",
                 capabilities=_TRANSFORM)
    def find(self, predicate: Any, iterable: Any) -> Any:
        test = expect_callable("functional.find", "predicate", predicate)
        for item in _sequence("find", "iterable", iterable):
            if call(test, item):
                return item
        return None

    @ml_function(description="Whether the predicate is truthy for some item", capabilities=_TRANSFORM)
    def some(self, predicate: Any, iterable: Any) -> bool:
        test = expect_callable("functional.some", "predicate", predicate)
        return any(call(test, item) for item in _sequence("some", "iterable", iterable))

    @ml_function(description="Whether the predicate is truthy for every item", capabilities=_TRANSFORM)
    def every(self, predicate: Any, iterable: Any) -> bool:
        test = expect_callable("functional.every", "predicate", predicate)
        return all(call(test, item) for item in _sequence("every", "iterable", iterable))

    @ml_function(description="Arrays of the items at the same index (shortest length)",
                 capabilities=_TRANSFORM)
    def zip(self, *iterables: Any) -> list[list[Any]]:
        lists = [_sequence("zip", f"iterables[{i}]", v) for i, v in enumerate(iterables)]
        return [list(group) for group in charged(zip(*lists, strict=False))]

    @ml_function(description="Integers from start to end (exclusive) by step; range(n) is 0..n-1",
                 capabilities=[])
    def range(self, start: int, end: int | None = None, step: int = 1) -> list[int]:
        first = expect_int("functional.range", "start", start)
        if end is None:
            first, last = 0, first
        else:
            last = expect_int("functional.range", "end", end)
        stride = expect_int("functional.range", "step", step)
        if stride == 0:
            raise ValueError("functional.range: 'step' must not be 0")
        result = range(first, last, stride)
        if len(result) > _MAX_RANGE:
            raise ValueError(f"functional.range: at most {_MAX_RANGE} numbers, asked for {len(result)}")
        return list(result)

    @ml_function(description="An array of value repeated times times", capabilities=[])
    def repeat(self, value: Any, times: int) -> list[Any]:
        count = expect_int("functional.repeat", "times", times)
        if count > _MAX_RANGE:
            raise ValueError(f"functional.repeat: at most {_MAX_RANGE} items, asked for {count}")
        return [value] * max(count, 0)

    @ml_function(description="The first n items", capabilities=_TRANSFORM)
    def take(self, n: int, iterable: Any) -> list[Any]:
        count = expect_int("functional.take", "n", n)
        return _sequence("take", "iterable", iterable)[:max(count, 0)]

    @ml_function(description="All but the first n items", capabilities=_TRANSFORM)
    def drop(self, n: int, iterable: Any) -> list[Any]:
        count = expect_int("functional.drop", "n", n)
        return _sequence("drop", "iterable", iterable)[max(count, 0):]

    @ml_function(description="Nested arrays flattened completely", capabilities=_TRANSFORM)
    def flatten(self, nested_list: Any) -> list[Any]:
        from mlpy.runtime.guards import charge_items, check_array_size  # noqa: PLC0415 - cheap, lazy

        top = expect_list("functional.flatten", "nested_list", nested_list)
        out: list[Any] = []
        # An array that holds itself would be flattened forever, and one that shares its arrays
        # (`a = [a, a]` forty times) into 2**40 items: refuse cycles and cap the result.
        stack = [iter(top)]
        open_ids = [id(top)]
        visited = 0
        while stack:
            for item in stack[-1]:
                if isinstance(item, list | tuple):
                    if id(item) in open_ids:
                        raise ValueError("functional.flatten: the array contains itself")
                    check_array_size(len(out) + len(item), "functional.flatten")
                    visited += 1
                    charge_items(visited, visited - 1)
                    stack.append(iter(item))
                    open_ids.append(id(item))
                    break
                out.append(item)
            else:
                stack.pop()
                open_ids.pop()
        return out

    @ml_function(description="The items cut into arrays of size items", capabilities=_TRANSFORM)
    def chunk(self, size: int, iterable: Any) -> list[list[Any]]:
        step = expect_int("functional.chunk", "size", size)
        if step <= 0:
            raise ValueError(f"functional.chunk: 'size' must be positive, got {step}")
        items = _sequence("chunk", "iterable", iterable)
        return [items[i:i + step] for i in charged(range(0, len(items), step))]

    @ml_function(description="An object mapping str(key_func(item)) to the items with that key",
                 capabilities=_TRANSFORM, aliases=["group_by"])
    def groupBy(self, key_func: Any, iterable: Any) -> dict[str, list[Any]]:  # noqa: N802
        target = expect_callable("functional.groupBy", "key_func", key_func)
        groups: dict[str, list[Any]] = {}
        for item in _sequence("groupBy", "iterable", iterable):
            key = call(target, item)
            groups.setdefault(_key_text(key), []).append(item)
        return groups

    @ml_function(description="Items without repeats, first occurrence kept, in order",
                 capabilities=_TRANSFORM)
    def unique(self, iterable: Any) -> list[Any]:
        return unique_values(_sequence("unique", "iterable", iterable), "functional.unique")

    @ml_function(description="A reversed copy", capabilities=_TRANSFORM)
    def reverse(self, iterable: Any) -> list[Any]:
        return _sequence("reverse", "iterable", iterable)[::-1]

    @ml_function(description="Curry a two-argument function: curry2(f)(a)(b) is f(a, b)",
                 capabilities=_COMPOSE)
    def curry2(self, func: Any) -> Callable[..., Any]:
        target = expect_callable("functional.curry2", "func", func)

        def first(a: Any) -> Callable[..., Any]:
            def second(b: Any) -> Any:
                return call(target, a, b)

            return second

        return first

    @ml_function(description="[items passing the predicate, items failing it]", capabilities=_TRANSFORM)
    def partition(self, predicate: Any, iterable: Any) -> list[list[Any]]:
        test = expect_callable("functional.partition", "predicate", predicate)
        passed: list[Any] = []
        failed: list[Any] = []
        for item in _sequence("partition", "iterable", iterable):
            (passed if call(test, item) else failed).append(item)
        return [passed, failed]

    @ml_function(description="A function calling true_fn or false_fn depending on the predicate",
                 capabilities=_COMPOSE)
    def ifElse(self, predicate: Any, true_fn: Any, false_fn: Any) -> Callable[..., Any]:  # noqa: N802
        test = expect_callable("functional.ifElse", "predicate", predicate)
        yes = expect_callable("functional.ifElse", "true_fn", true_fn)
        no = expect_callable("functional.ifElse", "false_fn", false_fn)

        def choose(*args: Any) -> Any:
            return call(yes, *args) if call(test, *args) else call(no, *args)

        return choose

    @ml_function(description="A function trying [predicate, fn] pairs in order; null if none matches",
                 capabilities=_COMPOSE)
    def cond(self, conditions: Any) -> Callable[..., Any]:
        pairs: list[tuple[Callable[..., Any], Callable[..., Any]]] = []
        for index, pair in enumerate(expect_list("functional.cond", "conditions", conditions)):
            if not isinstance(pair, list | tuple) or len(pair) != 2:
                raise ValueError(f"functional.cond: conditions[{index}] must be a [predicate, function] pair")
            pairs.append((expect_callable("functional.cond", f"conditions[{index}][0]", pair[0]),
                          expect_callable("functional.cond", f"conditions[{index}][1]", pair[1])))

        def dispatch(*args: Any) -> Any:
            for test, action in pairs:
                if call(test, *args):
                    return call(action, *args)
            return None

        return dispatch

    @ml_function(description="[func(0), func(1), ..., func(n - 1)]", capabilities=_TRANSFORM)
    def times(self, n: int, func: Any) -> list[Any]:
        count = expect_int("functional.times", "n", n)
        target = expect_callable("functional.times", "func", func)
        return [call(target, i) for i in range(max(count, 0))]

    @ml_function(description="combiner(a, b) over items at the same index", capabilities=_TRANSFORM)
    def zipWith(self, combiner: Any, iterable1: Any, iterable2: Any) -> list[Any]:  # noqa: N802
        target = expect_callable("functional.zipWith", "combiner", combiner)
        first = _sequence("zipWith", "iterable1", iterable1)
        second = _sequence("zipWith", "iterable2", iterable2)
        return [call(target, a, b) for a, b in zip(first, second, strict=False)]

    @ml_function(description="The leading items for which the predicate is truthy",
                 capabilities=_TRANSFORM)
    def takeWhile(self, predicate: Any, iterable: Any) -> list[Any]:  # noqa: N802 - ML name
        test = expect_callable("functional.takeWhile", "predicate", predicate)
        out: list[Any] = []
        for item in _sequence("takeWhile", "iterable", iterable):
            if not call(test, item):
                break
            out.append(item)
        return out

    @ml_function(description="A function returning [f(args) for each f]", capabilities=_COMPOSE)
    def juxt(self, functions: Any) -> Callable[..., Any]:
        chain = _functions("juxt", functions)

        def juxtaposed(*args: Any) -> list[Any]:
            return [call(func, *args) for func in chain]

        return juxtaposed


def _key_text(key: Any) -> str:
    """groupBy keys are object keys, so they are strings: ML ``str()`` of the key (never Python's,
    which would show a function's or an instance's Python repr)."""
    if isinstance(key, str):
        return key
    from mlpy.runtime.formatting import ml_str

    return ml_str(key)


functional = Functional()
