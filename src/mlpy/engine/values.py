"""Values crossing between the host and ML: plain data only, copied at the boundary.

``to_ml(value, where)`` turns a host value given as an input (``inputs={...}``) or as an argument
of ``result.call(...)`` into an ML value: ``None``, booleans, numbers and strings as they are,
lists and tuples as arrays, dictionaries with string keys as objects, copied so that the program
cannot reach the host's own containers. Anything else (a Python object, a function, a module, a
set) would hand the program a Python object, so it is refused with a ``TypeError`` naming where --
except a function the caller vouches for (``functions``: an ML function of the very run being
called, handed back to it by the host).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

MAX_DEPTH = 100
"""The deepest nesting accepted (deeper data is refused rather than walked recursively)."""


FunctionsPolicy = Callable[[Any, str], Any]
"""What ``to_ml`` asks about a callable: the ML function that may cross for it, or ``TypeError``."""


def to_ml(value: Any, where: str, depth: int = 0, functions: FunctionsPolicy | None = None,
          copies: dict[int, tuple[Any, Any]] | None = None) -> Any:
    """A copy of ``value`` as ML data, or ``TypeError`` naming ``where`` (e.g. ``inputs['x']``).

    ``functions``, when given, decides for every callable met at any depth (``result.call`` and
    ``HostFunction`` calls let an ML function of the called run go back to it); without it, every
    callable is refused.

    A list, tuple or dict met more than once is copied once and the copy shared, as the original
    was (``copies``: id of an original -> the original, kept alive so that its id cannot be reused
    by a temporary a host subclass makes, and its copy): a value an earlier run
    left (``a = [a, a];`` forty times, built in microseconds) holds 2**41 items once expanded, and
    copying it item by item froze the host and took its memory before the run even began. A cycle
    still ends at ``MAX_DEPTH``."""
    kind = type(value)
    if value is None or kind is bool or kind is int or kind is float or kind is str:
        return value
    if isinstance(value, (int, float, str)):
        # A subclass (an IntEnum, a str subclass) would carry the host's methods into ML, where
        # `len(x)` or `n * 2` would run them: ML gets the plain value (copied without running them).
        if isinstance(value, int):
            return int.__index__(value)
        return float.__float__(value) if isinstance(value, float) else str.__str__(value)
    if isinstance(value, (list, tuple, dict)):
        copies = {} if copies is None else copies
        done = copies.get(id(value))
        if done is not None:
            return done[1]
        if depth >= MAX_DEPTH:
            raise TypeError(f"{where}: nested more than {MAX_DEPTH} levels deep")
        copy = _container_to_ml(value, where, depth, functions, copies)
        copies[id(value)] = (value, copy)  # once complete: met again inside itself, it is a cycle
        return copy
    if functions is not None and callable(value):
        return functions(value, where)
    raise refusal(value, where)


def _container_to_ml(value: list[Any] | tuple[Any, ...] | dict[Any, Any], where: str, depth: int,
                     functions: FunctionsPolicy | None, copies: dict[int, tuple[Any, Any]]) -> Any:
    """The ML copy of one list, tuple (an array) or dict (an object) for ``to_ml``."""
    if isinstance(value, (list, tuple)):
        return [to_ml(item, f"{where}[{index}]", depth + 1, functions, copies)
                for index, item in enumerate(value)]
    out: dict[str, Any] = {}
    for key, item in value.items():
        if not isinstance(key, str):
            raise TypeError(f"{where}: object keys passed to ML must be strings, not {type(key).__name__}")
        name = str.__str__(key)  # a str subclass's own methods never run
        out[name] = to_ml(item, f"{where}[{name!r}]", depth + 1, functions, copies)
    return out


def refusal(value: Any, where: str) -> TypeError:
    """The error for a host value that cannot cross into ML (it would hand ML a Python object)."""
    what = "function" if callable(value) else type(value).__name__
    return TypeError(f"{where}: a Python {what} cannot be passed to ML "
                     "(plain data only: None, bool, int, float, str, list, tuple, dict with str keys)")


def check_input_names(inputs: dict[str, Any]) -> None:
    """Input names must be ML identifiers that generated code may bind (never ``__`` helpers)."""
    for name in inputs:
        if not isinstance(name, str) or not name.isidentifier() or name.startswith("__"):
            raise ValueError(f"inputs: {name!r} is not a usable ML variable name")


class UnpicklableMLFunction:
    """What an ML function in ``result.globals`` becomes when the result is pickled.

    An ML function is code bound to one run's namespace; it cannot leave the process. The marker
    keeps its name and says so when called.
    """

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError(f"the ML function '{self.name}' did not survive pickling: ML functions can "
                        "only be called in the process that ran the program")

    def __reduce__(self) -> tuple[Any, ...]:
        return (UnpicklableMLFunction, (self.name,))

    def __repr__(self) -> str:
        return f"<ML function {self.name} (unpicklable)>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UnpicklableMLFunction) and other.name == self.name

    def __hash__(self) -> int:
        return hash(("UnpicklableMLFunction", self.name))


class UnpicklableMLModule:
    """What an ML module object in ``result.globals`` (``import helpers; h = helpers;``) becomes when
    the result is pickled: its code and namespace belong to one run, so only its name survives,
    and reading a member says so."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def _gone(self) -> TypeError:
        return TypeError(f"the ML module '{self.name}' did not survive pickling: ML modules can only be "
                         "used in the process that ran the program")

    def __getitem__(self, member: str) -> Any:
        raise self._gone()

    def __getattr__(self, member: str) -> Any:
        if member[:1] == "_":
            raise AttributeError(member)
        raise self._gone()

    def __reduce__(self) -> tuple[Any, ...]:
        return (UnpicklableMLModule, (self.name,))

    def __repr__(self) -> str:
        return f"<ML module {self.name} (unpicklable)>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UnpicklableMLModule) and other.name == self.name

    def __hash__(self) -> int:
        return hash(("UnpicklableMLModule", self.name))


def picklable(value: Any, name: str, memo: dict[int, Any] | None = None) -> Any:
    """A copy of the ML value ``value`` that pickles, wherever in it an ML function sits.

    Plain data is copied as it is (arrays as lists, objects as dicts; shared parts and cycles stay
    shared); any callable -- an ML function, a bound method such as ``[].append``, a host callable
    -- becomes an ``UnpicklableMLFunction`` marker named after it (``name`` when it has none); a
    caught error object (``except (e)``) becomes a dict of its fields, never carrying the Python
    traceback it was raised with. Other runtime values (dates, regex patterns, the host's view of a
    module, which pickles as an ``UnpicklableMLModule``) pickle themselves and are kept.
    """
    from mlpy.runtime.errors_runtime import MLErrorObject

    memo = {} if memo is None else memo
    kind = type(value)
    if value is None or kind is bool or kind is int or kind is float or kind is str:
        return value
    done = memo.get(id(value))
    if done is not None:
        return done
    if isinstance(value, (list, tuple)):
        items: list[Any] = []
        memo[id(value)] = items
        items.extend(picklable(item, name, memo) for item in value)
        return items
    if isinstance(value, dict):
        entries: dict[Any, Any] = {}
        memo[id(value)] = entries
        for key, item in value.items():  # a key may be a function (``o[f] = 1;``): a marker then
            entries[picklable(key, name, memo)] = picklable(item, name, memo)
        return entries
    if isinstance(value, MLErrorObject):
        fields: dict[str, Any] = {}
        memo[id(value)] = fields
        for key in value._ml_member_names():
            fields[key] = picklable(value.fields[key], name, memo)
        return fields
    if callable(value) and not isinstance(value, UnpicklableMLFunction):
        label = getattr(value, "__name__", None) or name
        marker = UnpicklableMLFunction("(anonymous)" if label == "<lambda>" else label)
        memo[id(value)] = marker
        return marker
    return value


__all__ = ["MAX_DEPTH", "FunctionsPolicy", "UnpicklableMLFunction", "UnpicklableMLModule", "check_input_names",
           "picklable", "refusal", "to_ml"]
