"""What a finished run hands the host: ``RunResult``, whose ML functions stay callable from Python.

``result.globals`` is the final state of the program's top-level variables. Every ML function the
host can reach -- a global, one nested at any depth in arrays and objects, one returned by a call
(alone or inside returned data), one in a field of a caught error object (``except (e) { saved = e; }``)
-- is a ``HostFunction`` so that a host call behaves like the run it came from: its arguments
converted to plain ML data exactly as ``result.call`` converts them, the run's execution context (its output stream, grants and sources), errors as
``MLError``s with ML positions, and the call's steps charged to a scope of its own in the calling
thread -- never to another run that happens to be active at the same time. A function value the
program kept is wrapped alike (``f = math.sqrt;``, ``r = file.read;``, ``up = s.upper;``), and an
imported module kept in a variable or under its own name is a ``HostModule``: a read-only view
whose members are read live and wrapped the same way, so no raw Python callable of the run ever
reaches the host. Only the arrays, objects and error objects leading to a function or module are
copied for that; plain data is the program's own.
``result.call(name_or_function, *args, timeout=..., max_steps=...)`` does the same with limits for
that one call.

A ``RunResult`` pickles: plain data as it is, each ML function -- however deep in a value -- as an
``UnpicklableMLFunction`` marker (ML code cannot leave its process), each module as an
``UnpicklableMLModule`` marker, a caught error object as a dict of its fields
(``engine.values.picklable``)."""

from __future__ import annotations

import gc
import itertools
import sys
import types
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mlpy.engine.stats import RunStats
from mlpy.engine.values import UnpicklableMLFunction, UnpicklableMLModule, picklable, refusal, to_ml

if TYPE_CHECKING:
    from mlpy.modules.objects import ModuleObject
    from mlpy.runtime.context import ExecutionContext


@dataclass
class RunResult:
    """What a finished run leaves.

    ``globals``: the final state of the program's top-level ML variables (ML functions callable).
    ``output``: what the program printed, when run with ``capture_output=True`` (else ``None``).
    ``stats``: what the run cost (``RunStats``).
    """

    globals: dict[str, Any] = field(default_factory=dict)
    filename: str = "<string>"
    output: str | None = None
    stats: RunStats = field(default_factory=RunStats)
    _ctx: ExecutionContext | None = field(default=None, repr=False, compare=False)
    _counted: bool = field(default=False, repr=False, compare=False)

    def call(self, function: str | HostFunction, *args: Any, timeout: float | None = None,
             max_steps: int | None = None) -> Any:
        """Call an ML function of this run -- the global named ``function``, or one the host got
        from the run (``result.globals["handlers"]["greet"]``, a returned closure) -- with host
        arguments (converted as ``inputs`` are), under the run's grants and output, with limits for
        this call only. Raises ``MLError``s."""
        name = function if isinstance(function, str) else getattr(function, "__name__", "function")
        target = self._own_function(function)
        if (timeout is not None or max_steps is not None) and not self._counted:
            raise ValueError("this program ran without limits, so its functions count no steps: "
                             "run it with a limit (timeout=, max_steps=) to call them with limits")
        from mlpy.engine.options import make_limits

        limits = make_limits(timeout=timeout, max_steps=max_steps)
        return _call_from_host(target, name, args, limits, self._counted)

    def _own_function(self, function: str | HostFunction) -> HostFunction:
        """The ``HostFunction`` of this run that ``function`` names or is, or ``TypeError``."""
        found = self.globals.get(function) if isinstance(function, str) else function
        if isinstance(found, UnpicklableMLFunction):
            found(*())  # raises: explains that ML functions do not survive pickling
        if isinstance(found, HostFunction) and self._ctx is not None and found._ctx is self._ctx:
            return found
        if isinstance(function, str):
            raise TypeError(f"'{function}' is not an ML function of this run")
        raise TypeError(f"{function!r} is not an ML function of this run: call a function with the "
                        "result of the run it came from")

    def __getstate__(self) -> dict[str, Any]:
        memo: dict[int, Any] = {}  # one memo: a value shared by two globals stays shared
        return {"globals": {name: picklable(value, name, memo) for name, value in self.globals.items()},
                "filename": self.filename, "output": self.output, "stats": self.stats}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.globals = state["globals"]
        self.filename = state["filename"]
        self.output = state["output"]
        self.stats = state["stats"]
        self._ctx = None
        self._counted = False


def _call_from_host(target: HostFunction, name: str, args: tuple[Any, ...], limits: Any, counted: bool) -> Any:
    """Call ``target`` with the host's ``args`` under ``limits``: the one way into a run from the host
    (``result.call`` and a ``HostFunction`` call alike).

    Every argument crosses as plain ML data (``engine.values.to_ml``): a ``str``/``int``/``float``
    subclass as its exact plain value, so none of the host's methods runs inside ML; lists, tuples
    and dicts as fresh arrays and objects; anything else refused with a ``TypeError`` naming the
    argument. The one callable that crosses, at any depth, is an ML function of this very run handed
    back to it (``apply(fs[0], 2)``): ML gets its own function again, never the wrapper.
    """
    ctx = target._ctx

    def own_function(value: Any, where: str) -> Any:
        if isinstance(value, HostFunction) and value._ctx is ctx:
            return value.__wrapped__
        if isinstance(value, HostFunction):
            raise TypeError(f"{where}: an ML function of another run cannot be passed to this one")
        raise refusal(value, where)

    converted = [to_ml(arg, f"argument {index + 1} of {name}()", 0, own_function)
                 for index, arg in enumerate(args)]
    return _call_in(target.__wrapped__, converted, ctx, limits, counted)


def _call_in(function: Any, args: list[Any], ctx: ExecutionContext, limits: Any, counted: bool) -> Any:
    """Run ``function(*args)`` as a host call of the run of ``ctx`` under ``limits``."""
    from mlpy.runtime.context import use
    from mlpy.runtime.limits import run_scope
    from mlpy.runtime.native_stack import on_native_stack
    from mlpy.runtime.report import ml_errors

    def body() -> Any:
        with use(ctx), run_scope(limits, metered=counted), ml_errors(ctx.sources):
            return function(*args)

    # A returned closure (``function mk(n) { return fn(x) => x + n; }``), or one in a returned
    # array or object, behaves the same way.
    return host_value(on_native_stack(body), ctx)


_FUNCTIONS: frozenset[type] = frozenset({types.FunctionType, types.MethodType, types.BuiltinFunctionType})
"""ML functions (closures included) and bound methods such as an extension module's ``file.read`` or
``math.sqrt`` kept in a variable: a host call must run them under the run's context."""

_KINDS: dict[tuple[bool, ...], tuple[frozenset[type], frozenset[type]]] = {}
"""``_kinds()`` by which of the runtime modules it looks at were loaded."""


def _kinds() -> tuple[frozenset[type], frozenset[type]]:
    """What the host never gets raw, and what can hold one of those on the way to the host.

    Never raw: ML callables (``HostFunction``s for the host) -- ``_FUNCTIONS`` and a string's or
    array's method read without calling it (``up = s.upper;``, ``add = items.append;``) --, module
    objects (``import helpers; h = helpers;``, ``b = builtin;``: ``HostModule`` views) and iterators
    (``it = iter(handlers);``: ``HostIterator``s, whose items may be functions). Holders: arrays,
    objects and caught error objects (``except (e) { saved = e; }``), whose fields are any ML values.

    A runtime class is looked up only once its module is loaded: no value of it can exist before,
    and importing this module (a pool's parent process, which never runs ML) does not load the
    runtime, nor does a run that imports nothing load the module objects."""
    members = sys.modules.get("mlpy.runtime.members")
    errors = sys.modules.get("mlpy.runtime.errors_runtime")
    objects = sys.modules.get("mlpy.modules.objects")
    iteration = sys.modules.get("mlpy.runtime.iteration")
    builtins = sys.modules.get("mlpy.runtime.builtins")
    key = (members is not None, errors is not None, objects is not None, iteration is not None,
           builtins is not None)
    kinds = _KINDS.get(key)
    if kinds is None:
        wrapped = set(_FUNCTIONS)
        if members is not None:
            wrapped.add(members.MLBoundMethod)
        if objects is not None:
            wrapped.update((objects.MLModule, objects.ExtensionModule, objects.PackageModule))
        if iteration is not None:
            wrapped.add(iteration.MLIterator)
        if builtins is not None:
            wrapped.add(builtins.MLBuiltinModule)
        holders = {list, dict} if errors is None else {list, dict, errors.MLErrorObject}
        kinds = _KINDS[key] = (frozenset(wrapped), frozenset(holders))
    return kinds


class HostFunction:
    """An ML callable as the host holds it: calling it behaves like the run it came from.

    The call runs under the run's execution context (``print`` goes where the program's output
    went, no more is allowed than was granted) inside a run scope of its own in the calling thread,
    so its steps never land on another run active meanwhile. An error escaping it is an
    ``MLError`` with an ML position and call chain; a returned ML function, also inside a returned
    array or object, is wrapped the same way. The run's own limits are not re-armed: the host
    decides how long it calls (``result.call(function, ..., timeout=...)`` gives a call limits of
    its own). The host's arguments are converted exactly as ``result.call`` converts them (plain
    ML data only; see ``_call_from_host``). Called back from ML code of its own run, it is a plain
    call that stays under the limits of the call in progress.
    """

    __slots__ = ("__wrapped__", "_ctx", "__name__", "__qualname__")

    def __init__(self, function: Any, ctx: ExecutionContext) -> None:
        self.__wrapped__ = function
        self._ctx = ctx
        self.__name__: str = str(getattr(function, "__name__", None) or getattr(function, "_name", "function"))
        self.__qualname__: str = getattr(function, "__qualname__", self.__name__)

    def __call__(self, *args: Any) -> Any:
        from mlpy.runtime.context import current
        from mlpy.runtime.limits import Limits

        if current() is self._ctx:
            return self.__wrapped__(*args)  # ML of this run calling back: its scope already applies
        return _call_from_host(self, self.__name__, args, Limits(), False)

    def __repr__(self) -> str:
        return f"<ML function {self.__name__}>"


class _Wrapper:
    """One conversion to host values: each ML callable or module gets one wrapper, however often it
    occurs (``helpers`` and ``h = helpers;`` are one ``HostModule``; ``h.hi`` is one ``HostFunction``)."""

    __slots__ = ("_ctx", "_done")

    def __init__(self, ctx: ExecutionContext) -> None:
        self._ctx = ctx
        self._done: dict[int, HostFunction | HostModule | HostIterator] = {}

    def __call__(self, item: Any) -> HostFunction | HostModule | HostIterator:
        """The wrapper of an ML callable, module object or iterator (``type(item) in _kinds()[0]``)."""
        wrapped = self._done.get(id(item))
        if wrapped is None:
            if callable(item):  # a module object or an iterator is not
                wrapped = HostFunction(item, self._ctx)
            elif hasattr(item, "__next__"):
                wrapped = HostIterator(item, self)
            else:
                wrapped = HostModule(item, self._ctx, self)
            self._done[id(item)] = wrapped
        return wrapped

    def value(self, value: Any) -> Any:
        """``value`` as the host sees it (see ``host_value``), sharing this conversion's wrappers."""
        kind = type(value)
        wrapped, holders = _kinds()
        if kind in wrapped:
            return self(value)
        if kind in holders and _holds_callable([value]):
            return _copied_holders([value], self)[id(value)]
        return value


class HostModule(Mapping[str, Any]):
    """An ML module object as the host holds it (``import helpers; h = helpers;``): a read-only view.

    ``view["hi"]`` (or ``view.hi`` when the name is no method of a mapping) reads the member live
    from the module, exactly as ML's ``h.hi`` would, under the run's context (an extension's
    per-run data is the run's own copy); a function member comes out as a ``HostFunction`` of the
    run -- grants, output and ML error positions apply to the host's call -- a sub-module as another
    view, data holding functions as copies with those functions wrapped. Nothing of the module is
    copied up front, so a big namespace costs nothing until a member is read, and the view cannot
    change the module. Pickled, it becomes an ``UnpicklableMLModule`` marker: a module is code of
    one run and cannot leave its process.
    """

    __slots__ = ("_module", "_ctx", "_wrap")

    def __init__(self, module: ModuleObject, ctx: ExecutionContext, wrap: _Wrapper) -> None:
        self._module = module
        self._ctx = ctx
        self._wrap = wrap

    @property
    def __name__(self) -> str:
        """The module's ML name, where a Python module keeps its own."""
        return self._module._ml_name

    def __getitem__(self, name: str) -> Any:
        if not isinstance(name, str):
            raise KeyError(name)
        try:
            return self._member(name)
        except AttributeError as exc:
            raise KeyError(str(exc)) from None

    def __getattr__(self, name: str) -> Any:
        if name[:1] == "_":
            raise AttributeError(name)
        return self._member(name)

    def _member(self, name: str) -> Any:
        """The member ``name`` read as ML reads it, wrapped for the host; ``AttributeError`` when missing."""
        from mlpy.runtime.context import use

        with use(self._ctx):
            value = self._module._ml_get_member(name)
        return self._wrap.value(value)

    def __iter__(self) -> Iterator[str]:
        return iter(self._module._ml_member_names())

    def __len__(self) -> int:
        return len(self._module._ml_member_names())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, HostModule) and other._module is self._module and other._ctx is self._ctx

    def __hash__(self) -> int:
        return hash(id(self._module))

    def __copy__(self) -> HostModule:
        return self  # a read-only view: a copy would be the same view

    def __deepcopy__(self, memo: dict[int, Any]) -> HostModule:
        return self  # the module is code of the run, shared like a function, never duplicated

    def __reduce__(self) -> tuple[Any, ...]:
        return (UnpicklableMLModule, (self._module._ml_name,))

    def __repr__(self) -> str:
        return f"<ML module {self._module._ml_name}>"


class HostIterator(Iterator[Any]):
    """An ML iterator as the host holds it (``it = iter(handlers);``): the same iterator -- the host
    and the program advance one position -- whose items come out as the host sees values (an ML
    function as a ``HostFunction`` of the run, data holding one as a copy with it wrapped).

    Pickled, it becomes a plain iterator over the items it has not yet given, made picklable as
    ``result.globals`` is (functions as ``UnpicklableMLFunction`` markers); the program's iterator
    still gives those items afterwards.
    """

    __slots__ = ("_iterator", "_wrap")

    def __init__(self, iterator: Any, wrap: _Wrapper) -> None:
        self._iterator = iterator
        self._wrap = wrap

    def __iter__(self) -> HostIterator:
        return self

    def __next__(self) -> Any:
        return self._wrap.value(next(self._iterator))

    def __reduce__(self) -> tuple[Any, ...]:
        return (iter, (picklable(self._iterator.rest(), "item"),))

    def __repr__(self) -> str:
        return "<ML iterator>"


def host_view(ml_globals: dict[str, Any], ctx: ExecutionContext) -> dict[str, Any]:
    """``result.globals`` for the host: every ML callable, at the top or nested in arrays, objects
    and caught error objects, becomes a ``HostFunction`` of the run (see ``host_value``)."""
    wrap = _Wrapper(ctx)
    wrapped, holders = _kinds()
    view: dict[str, Any] = {}
    containers: list[Any] = []
    for name, value in ml_globals.items():
        kind = type(value)
        if kind in wrapped:
            view[name] = wrap(value)
            continue
        view[name] = value
        if kind in holders:
            containers.append(value)
    if containers and _holds_callable(containers):
        copies = _copied_holders(containers, wrap)
        for name, value in view.items():
            view[name] = copies.get(id(value), value) if type(value) in holders else value
    return view


def host_value(value: Any, ctx: ExecutionContext) -> Any:
    """``value`` (returned by a host call into the run of ``ctx``) as the host sees it.

    An ML callable becomes a ``HostFunction``, a module object a ``HostModule``. An array, object
    or error object holding one, at any depth, is copied along the way down to it -- only the
    containers that lead to one; every other part stays the very object the program made, so big
    plain data is never copied. Shared parts stay shared and cycles stay cycles in the copy.
    """
    return _Wrapper(ctx).value(value)


def _holds_callable(roots: list[Any]) -> bool:
    """Whether an ML callable or module sits anywhere inside the arrays and objects ``roots``.

    Walked level by level with C-level calls (``gc.get_referents`` hands out the items of a whole
    level at once) -- the common answer, "no", for big plain data costs a fraction of what making
    that data cost. An object the garbage collector does not track (CPython untracks a dict that
    holds only numbers, strings and the like) holds no function at any depth and is not entered.
    Every array and object is visited once: shared parts and cycles end the walk.
    """
    wrapped, holders = _kinds()
    seen: set[int] = set()
    frontier = roots
    while frontier:
        children = gc.get_referents(*frontier)
        kinds = set(map(type, children))
        if not kinds.isdisjoint(wrapped):
            return True
        if kinds.isdisjoint(holders):
            return False
        if not kinds <= holders:
            children = list(itertools.compress(children, map(holders.__contains__, map(type, children))))
        children = list(itertools.compress(children, map(gc.is_tracked, children)))
        fresh = dict(zip(map(id, children), children, strict=True))
        for key in fresh.keys() & seen:
            del fresh[key]
        seen.update(fresh)
        frontier = list(fresh.values())
    return False


def _copied_holders(roots: list[Any], wrap: _Wrapper) -> dict[int, Any]:
    """Copies of the arrays and objects under ``roots`` that lead to an ML callable or module, by ``id`` of
    the original, their callables wrapped and their items that lead to one replaced by copies.

    Iterative, so data nested deeper than Python's recursion limit converts; linear in the size of
    the data, each array or object being looked at once however often it is shared.
    """
    nodes, parents, holders = _container_graph(roots)
    leading = set(holders)
    pending = list(holders)
    while pending:
        for parent in parents.get(pending.pop(), ()):
            if parent not in leading:
                leading.add(parent)
                pending.append(parent)
    copies: dict[int, Any] = {key: _empty_like(nodes[key]) for key in leading}
    wrapped, containers = _kinds()

    def converted(item: Any) -> Any:
        kind = type(item)
        if kind in wrapped:
            return wrap(item)
        if kind in containers:
            return copies.get(id(item), item)
        return item

    for key, copy in copies.items():
        original = nodes[key]
        if type(original) is list:
            copy.extend(map(converted, original))
        elif type(original) is dict:  # a key may be a function too (``o[f] = 1;``)
            copy.update((converted(name), converted(item)) for name, item in original.items())
        else:  # an error object
            copy.fields.update((name, converted(item)) for name, item in original.fields.items())
    return copies


def _empty_like(container: Any) -> Any:
    """An empty container of the kind of ``container``; an error object keeps where it was raised."""
    kind = type(container)
    if kind is list:
        return []
    if kind is dict:
        return {}
    from mlpy.runtime.errors_runtime import MLErrorObject  # loaded: ``container`` is one

    copy = MLErrorObject({})
    copy._origin_tb = container._origin_tb
    return copy


def _items(container: Any) -> Any:
    """The values an array, object or error object holds (an object's keys too: ML lets any
    value be a key, a function included)."""
    kind = type(container)
    if kind is list:
        return container
    return itertools.chain(container, container.values()) if kind is dict else container.fields.values()


def _container_graph(roots: list[Any]) -> tuple[dict[int, Any], dict[int, list[int]], list[int]]:
    """Every array, object and error object under ``roots`` by ``id``, the ``id``s of the containers holding each,
    and the ``id``s of those holding an ML callable or module themselves."""
    nodes: dict[int, Any] = {id(root): root for root in roots}
    parents: dict[int, list[int]] = {}
    holders: list[int] = []
    wrapped, containers = _kinds()
    stack = list(nodes.values())
    while stack:
        container = stack.pop()
        here = id(container)
        holds = False
        for item in _items(container):
            kind = type(item)
            if kind in containers and gc.is_tracked(item):
                key = id(item)
                parents.setdefault(key, []).append(here)
                if key not in nodes:
                    nodes[key] = item
                    stack.append(item)
            elif kind in wrapped:
                holds = True
        if holds:
            holders.append(here)
    return nodes, parents, holders


__all__ = ["HostFunction", "HostIterator", "HostModule", "RunResult", "host_value", "host_view"]
