"""In-place update of old references after a module reload.

When the registry has loaded a new version of a module and swapped it in, everything the REPL (or a
host) already holds still points at objects of the *old* version: the module object itself
(``m = greet;``), functions taken from it (``f = greet.hello;``), callbacks stored in arrays and
objects, and instances of its ``@ml_class`` classes. Rather than hunting those references down, this
module changes the old objects themselves so that they run the new code:

- a Python or ML function becomes a trampoline that calls the new function (so it runs with the new
  module's globals); when old and new share one namespace and have no closures, the new
  ``__code__`` is swapped in instead;
- a bound method's function is patched like a function, and its ``__self__`` is patched as an
  instance (below);
- a class gets the new class's attributes, its methods patched in place, so existing instances and
  their bound methods see the new methods;
- an instance (the module's singleton) has its class moved to the new class when the layouts allow
  and shares the new instance's ``__dict__``, so old bound methods see the live state;
- a runtime wrapper (an ``MLValue`` such as a module object) of the same type takes over the new
  wrapper's state, so every old reference to it now shows the new version;
- the old module's global namespace receives the new globals, so patched functions that look up
  module-level helpers find the new ones.

A function that no longer exists in the new version is turned into one that raises an ML error
naming it and the module. Only objects that belong to the reloaded module are touched (functions
whose globals are the module's namespace, classes defined there); other modules are never changed.

``update_references(name, old_exports, new_exports)`` has the signature of a registry reload
listener (``registry.add_reload_listener(update_references)``).
"""

from __future__ import annotations

import threading
import types
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from mlpy.errors import MLRuntimeError

# Attributes of a class that belong to Python's machinery and are never copied from one version to
# the next (assigning some of them is impossible, the others would break the old class).
_CLASS_SKIP = frozenset({"__dict__", "__weakref__", "__module__", "__qualname__", "__mro__",
                         "__bases__", "__base__", "__class__", "__slots__"})

_FORWARD_GLOBAL_PREFIX = "__mlpy_reload_target_"


def removed_function_error(function: str, module: str) -> MLRuntimeError:
    """The error raised by a function a reload removed (its wording is part of the REPL contract)."""
    return MLRuntimeError(
        f"function '{function}' was removed from module '{module}' by a reload",
        error_type="ReloadError",
        hint=f"reload the code that uses it, or check the current members with module_info('{module}')",
    )


@dataclass
class PatchReport:
    """What one call of :func:`update_references` changed (used by tests and by ``.reload`` output)."""

    module: str
    functions_patched: int = 0
    functions_forwarded: int = 0
    functions_removed: int = 0
    classes_patched: int = 0
    instances_patched: int = 0
    wrappers_patched: int = 0
    namespaces_updated: int = 0
    unpatched: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        """How many old objects were changed in place."""
        return (self.functions_patched + self.functions_forwarded + self.functions_removed
                + self.classes_patched + self.instances_patched + self.wrappers_patched)


class _Patcher:
    """One reload's worth of patching; remembers what it did so that cycles end and work is not redone."""

    def __init__(self, module: str) -> None:
        self.report = PatchReport(module=module)
        self._seen: set[tuple[int, int]] = set()
        self._namespaces: list[tuple[dict[str, Any], dict[str, Any]]] = []
        self._namespace_ids: set[int] = set()
        self._keep_alive: list[Any] = []

    # -- dispatch --------------------------------------------------------------------------------
    def patch(self, old: Any, new: Any, label: str) -> None:
        """Make ``old`` behave as ``new`` where that is possible; record what could not be done."""
        if old is new:
            return
        if _is_plain_data(old) or _is_plain_data(new):
            return  # data is replaced, never patched nor remembered: the old version's data is freed
        key = (id(old), id(new))
        if key in self._seen:
            return
        self._seen.add(key)
        self._keep_alive.append((old, new))
        self._dispatch(old, new, label)
        if isinstance(old, (type, types.MethodType)):
            # An old class keeps its (patched) function objects, and a bound method is a transient
            # pair of a function and an instance: those two carry the lineage, not the wrapper.
            return
        chain: list[weakref.ref[Any]] = []
        for ref in _take_followers(old):
            follower = ref()
            if follower is None or follower is new:
                continue
            if isinstance(follower, types.FunctionType):
                # It behaved as `old` did; from now on it calls `old`, which runs the new code
                # (two hops at most, however many reloads came before). Its older module namespace
                # takes the newest values too, so it never keeps an intermediate version's data
                # alive; it stays in the lineage (weakly) for the next reload.
                if follower.__globals__.get(_forward_key(follower)) is not old:
                    _replace_with_call_to(follower, old)
                if isinstance(new, types.FunctionType) and follower.__globals__ is not new.__globals__:
                    self.remember_namespace(follower.__globals__, new.__globals__)
                chain.append(ref)
                continue
            if (id(follower), id(new)) not in self._seen:
                self._seen.add((id(follower), id(new)))
                self._dispatch(follower, new, label)
            chain.append(ref)
        old_ref = _weak(old)
        if old_ref is not None:
            chain.append(old_ref)
        _remember_followers(new, chain)

    def _dispatch(self, old: Any, new: Any, label: str) -> None:
        """Patch one old object by its kind (no lineage bookkeeping)."""
        if isinstance(old, types.FunctionType) and isinstance(new, types.FunctionType):
            self.patch_function(old, new)
        elif isinstance(old, types.MethodType) and isinstance(new, types.MethodType):
            self.patch(old.__func__, new.__func__, label)
            self.patch(old.__self__, new.__self__, label + ".__self__")
        elif isinstance(old, type) and isinstance(new, type):
            self.patch_class(old, new)
        elif isinstance(old, types.ModuleType) and isinstance(new, types.ModuleType):
            self.remember_namespace(vars(old), vars(new))
        elif _is_plain_data(old) or _is_plain_data(new) or _is_module_object(old):
            return  # data is replaced, not patched; module objects are swapped by the registry
        elif type(old) is type(new) or _same_class_name(old, new):
            self.patch_instance(old, new)
        else:
            self.report.unpatched.append(label)

    # -- functions -------------------------------------------------------------------------------
    def patch_function(self, old: types.FunctionType, new: types.FunctionType) -> None:
        """Make ``old`` run the new version.

        When both share one global namespace the new code is swapped in (no cost per call).
        Otherwise ``old`` becomes a trampoline calling ``new``: the new function then runs with
        the new module's globals, so a module variable reads and writes the same through old and
        new references.
        """
        if old.__globals__ is new.__globals__ and _can_swap_code(old, new):
            old.__code__ = new.__code__
            old.__defaults__ = new.__defaults__
            old.__kwdefaults__ = new.__kwdefaults__
            old.__doc__ = new.__doc__
            old.__annotations__ = dict(new.__annotations__)
            _copy_function_attributes(old, new)
            self.report.functions_patched += 1
            return
        if old.__globals__ is not new.__globals__:
            self.remember_namespace(old.__globals__, new.__globals__)
        _replace_with_call_to(old, new)
        _copy_function_attributes(old, new)
        old.__doc__ = new.__doc__
        self.report.functions_forwarded += 1

    def remove_function(self, old: Any, function: str) -> None:
        """Make an old function (or bound method) raise the "removed by a reload" error."""
        target = old.__func__ if isinstance(old, types.MethodType) else old
        if not isinstance(target, types.FunctionType):
            self.report.unpatched.append(function)
            return
        module = self.report.module

        def removed(*_args: Any, **_kwargs: Any) -> Any:
            raise removed_function_error(function, module)

        targets = [target] + [f for f in (ref() for ref in _take_followers(target))
                              if isinstance(f, types.FunctionType)]
        for each in targets:
            _replace_with_call_to(each, removed)
            self.report.functions_removed += 1

    # -- classes and instances -------------------------------------------------------------------
    def patch_class(self, old: type, new: type) -> None:
        """Copy the new class body into the old class; methods present in both are patched in place."""
        for attr, new_value in list(vars(new).items()):
            if attr in _CLASS_SKIP:
                continue
            old_value = vars(old).get(attr)
            if old_value is not None and _function_of(old_value) is not None and _function_of(new_value) is not None:
                self.patch(_function_of(old_value), _function_of(new_value), f"{old.__name__}.{attr}")
                if type(old_value) is not type(new_value):
                    _try_setattr(old, attr, new_value)
                continue
            _try_setattr(old, attr, new_value)
        for attr, old_value in list(vars(old).items()):
            if attr in _CLASS_SKIP or attr in vars(new):
                continue
            func = _function_of(old_value)
            if func is not None and func.__name__ == attr:
                self.remove_function(func, attr)
        self.report.classes_patched += 1

    def patch_instance(self, old: Any, new: Any) -> None:
        """Move ``old`` onto the new version: its class, then its state.

        An instance ``__dict__`` is shared with the new instance rather than copied, so state
        changed through an old bound method is the state the new version sees; slots are copied.
        """
        old_cls, new_cls = type(old), type(new)
        if old_cls is not new_cls:
            self.patch(old_cls, new_cls, old_cls.__name__)
            try:
                old.__class__ = new_cls
            except TypeError:
                pass  # incompatible layouts: the patched old class still runs the new methods
        for attr, value in _state_of(new).items():
            current = _get_state(old, attr)
            if current is not _MISSING and current is not value and not _is_plain_data(current):
                self.patch(current, value, attr)
        new_dict = getattr(new, "__dict__", None)
        if isinstance(new_dict, dict) and isinstance(getattr(old, "__dict__", None), dict):
            try:
                old.__dict__ = new_dict
            except (AttributeError, TypeError):
                old.__dict__.clear()
                old.__dict__.update(new_dict)
        for attr, value in _slots_of(new).items():
            _try_setattr_instance(old, attr, value)
        if _is_wrapper(old):
            self.report.wrappers_patched += 1
        else:
            self.report.instances_patched += 1

    # -- namespaces ------------------------------------------------------------------------------
    def remember_namespace(self, old: dict[str, Any], new: dict[str, Any]) -> None:
        """Queue an old module namespace to receive the new globals once all objects are patched."""
        if id(old) in self._namespace_ids:
            return
        self._namespace_ids.add(id(old))
        self._namespaces.append((old, new))

    def finish(self) -> PatchReport:
        """Update the old namespaces: the new values, and names the new version dropped removed."""
        for old_ns, new_ns in self._namespaces:
            builtins_ref = old_ns.get("__builtins__")
            for name, value in list(new_ns.items()):
                if name == "__builtins__":
                    continue
                old_value = old_ns.get(name, _MISSING)
                if old_value is not _MISSING and old_value is not value and _defined_in(old_value, old_ns):
                    self.patch(old_value, value, name)
                old_ns[name] = value
            for name in [n for n in old_ns if n not in new_ns and not n.startswith(_FORWARD_GLOBAL_PREFIX)]:
                if name != "__builtins__":
                    del old_ns[name]
            if builtins_ref is not None:
                old_ns["__builtins__"] = builtins_ref
            self.report.namespaces_updated += 1
        return self.report


_MISSING = object()

_LOCK = threading.Lock()
"""Reloads of different modules may run on different threads (REPL, watcher); the lineage is shared."""

_FOLLOWERS: dict[int, tuple[weakref.ref[Any], list[weakref.ref[Any]]]] = {}
"""Lineage of reloads: id(current object) -> (weak reference to it, weak references to the older
objects patched to mimic it).

A name bound before the first reload holds a version-1 object; after the second reload it must run
version 3, but version 1 was patched to version 2 and is not among version 2's exports. So every
patched old object follows the object it was patched to, and is patched again with it. Everything
here is weak: an entry disappears with its current object, and an old version nobody references any
more is freed (only functions, classes and instances are remembered, never data). An object that
cannot be weakly referenced (a ``__slots__`` class without ``__weakref__``) is patched but not
remembered: a reference taken before an earlier reload then keeps running the version after that one."""


def _weak(obj: Any) -> weakref.ref[Any] | None:
    try:
        return weakref.ref(obj)
    except TypeError:
        return None


def _remember_followers(current: Any, chain: list[weakref.ref[Any]]) -> None:
    key = id(current)

    def forget(ref: weakref.ref[Any]) -> None:
        entry = _FOLLOWERS.get(key)
        if entry is not None and entry[0] is ref:
            del _FOLLOWERS[key]

    try:
        ref = weakref.ref(current, forget)
    except TypeError:
        return
    _FOLLOWERS[key] = (ref, chain)


def _take_followers(obj: Any) -> list[weakref.ref[Any]]:
    entry = _FOLLOWERS.pop(id(obj), None)
    if entry is None or entry[0]() is not obj:
        return []
    return entry[1]


def _defined_in(value: Any, namespace: dict[str, Any]) -> bool:
    """True for a function or class that the module owning ``namespace`` defined itself."""
    func = _function_of(value)
    if func is not None:
        return func.__globals__ is namespace
    if isinstance(value, type):
        return value.__module__ == namespace.get("__name__") and "__name__" in namespace
    return False


def _is_module_object(value: Any) -> bool:
    from mlpy.modules.objects import ModuleObject

    return isinstance(value, ModuleObject)


def _is_plain_data(value: Any) -> bool:
    return value is None or isinstance(value, (bool, int, float, complex, str, bytes, list, dict, tuple,
                                               set, frozenset))


def _is_wrapper(value: Any) -> bool:
    from mlpy.runtime.values import MLValue

    return isinstance(value, MLValue)


def _same_class_name(old: Any, new: Any) -> bool:
    """Instances of two versions of "the same" class: same qualified name, old class not builtin."""
    old_cls, new_cls = type(old), type(new)
    return (old_cls.__qualname__ == new_cls.__qualname__
            and old_cls.__module__ == new_cls.__module__
            and not isinstance(old, type)
            and old_cls.__module__ != "builtins")


def _function_of(value: Any) -> types.FunctionType | None:
    """The plain function behind a function, method, staticmethod or classmethod, or None."""
    if isinstance(value, (staticmethod, classmethod)):
        value = value.__func__
    if isinstance(value, types.MethodType):
        value = value.__func__
    return value if isinstance(value, types.FunctionType) else None


def _can_swap_code(old: types.FunctionType, new: types.FunctionType) -> bool:
    """Swapping code keeps the *old* cells, so only functions without free variables swap code."""
    return not old.__code__.co_freevars and not new.__code__.co_freevars


def _copy_function_attributes(old: types.FunctionType, new: types.FunctionType) -> None:
    """Carry metadata attached by decorators (``@ml_function`` info, ML function info) over."""
    for attr, value in vars(new).items():
        try:
            setattr(old, attr, value)
        except (AttributeError, TypeError):
            pass


_TRAMPOLINE_TARGET = "__mlpy_reload_placeholder__"
_TRAMPOLINES: dict[int, types.CodeType] = {}


def _trampoline_code(free: int) -> types.CodeType:
    """Code of ``f(*args, **kwargs) -> TARGET(*args, **kwargs)`` with ``free`` dummy free variables.

    Compiled once per closure size; each use only renames the global it calls.
    """
    code = _TRAMPOLINES.get(free)
    if code is None:
        cells = [f"_c{i}" for i in range(free)]
        touch = "; ".join(cells) if cells else "pass"
        assign = " = ".join(cells) + " = None" if cells else "pass"
        source = (
            "def _outer():\n"
            f"    {assign}\n"
            "    def _forward(*args, **kwargs):\n"
            f"        {touch}\n"
            f"        return {_TRAMPOLINE_TARGET}(*args, **kwargs)\n"
            "    return _forward\n"
        )
        scope: dict[str, Any] = {}
        exec(compile(source, "<reload forward>", "exec"), scope)  # noqa: S102 - fixed text
        code = _TRAMPOLINES[free] = scope["_outer"]().__code__
    return code


def _forward_key(func: types.FunctionType) -> str:
    """The global name through which a trampoline finds the function it calls."""
    return f"{_FORWARD_GLOBAL_PREFIX}{id(func)}"


def _replace_with_call_to(old: types.FunctionType, target: Callable[..., Any]) -> None:
    """Turn ``old`` into a trampoline calling ``target``, whatever the size of ``old``'s closure.

    A function's ``__code__`` can only be replaced by code with the same number of free variables,
    so the trampoline has as many dummy free variables as ``old`` has cells. It finds ``target``
    through a unique name in ``old``'s own globals. The trampoline keeps its own
    ``<reload forward>`` filename: it is not an ML frame, so an error it raises is reported at the
    ML call site. The name is removed again when ``old`` is collected, so a namespace kept alive by
    one old function does not keep every other old function's target (and its module) alive.
    """
    key = _forward_key(old)
    if key not in old.__globals__:
        weakref.finalize(old, old.__globals__.pop, key, None)
    old.__globals__[key] = target
    template = _trampoline_code(len(old.__code__.co_freevars))
    names = tuple(key if name == _TRAMPOLINE_TARGET else name for name in template.co_names)
    old.__code__ = template.replace(co_names=names, co_name=old.__code__.co_name,
                                    co_qualname=old.__code__.co_qualname)
    old.__defaults__ = None
    old.__kwdefaults__ = None


def _slots_of(obj: Any) -> dict[str, Any]:
    """The slot values of an object that are set."""
    state: dict[str, Any] = {}
    for klass in type(obj).__mro__:
        slots = vars(klass).get("__slots__", ())
        if isinstance(slots, str):
            slots = (slots,)
        for slot in slots:
            if slot in ("__dict__", "__weakref__"):
                continue
            value = getattr(obj, slot, _MISSING)
            if value is not _MISSING:
                state[slot] = value
    return state


def _state_of(obj: Any) -> dict[str, Any]:
    """An object's instance state: its slots and its ``__dict__``."""
    state = _slots_of(obj)
    instance_dict = getattr(obj, "__dict__", None)
    if isinstance(instance_dict, dict):
        state.update(instance_dict)
    return state


def _get_state(obj: Any, attr: str) -> Any:
    instance_dict = getattr(obj, "__dict__", None)
    if isinstance(instance_dict, dict) and attr in instance_dict:
        return instance_dict[attr]
    try:
        return object.__getattribute__(obj, attr)
    except AttributeError:
        return _MISSING


def _try_setattr(target: type, attr: str, value: Any) -> None:
    try:
        setattr(target, attr, value)
    except (AttributeError, TypeError):
        pass


def _try_setattr_instance(target: Any, attr: str, value: Any) -> None:
    instance_dict = getattr(target, "__dict__", None)
    if isinstance(instance_dict, dict) and not _is_slot(type(target), attr):
        instance_dict[attr] = value
        return
    try:
        object.__setattr__(target, attr, value)
    except (AttributeError, TypeError):
        pass


def _is_slot(cls: type, attr: str) -> bool:
    for klass in cls.__mro__:
        slots = vars(klass).get("__slots__", ())
        if attr == slots or (not isinstance(slots, str) and attr in slots):
            return True
    return False


def exports_of(module: Any) -> dict[str, Any]:
    """The name → value map of what a module exposes, whatever form the registry hands over.

    Accepts a mapping, an ``MLValue`` module object (asked through ``_ml_member_names`` /
    ``_ml_get_member``) or a Python module.
    """
    if module is None:
        return {}
    if isinstance(module, Mapping):
        return {k: v for k, v in module.items()
                if isinstance(k, str) and (not k.startswith("__") or k.startswith("__kw_"))}
    if isinstance(module, types.ModuleType):
        return {k: v for k, v in vars(module).items() if not k.startswith("__")}
    names_of = getattr(module, "_ml_member_names", None)
    get = getattr(module, "_ml_get_member", None)
    if callable(names_of) and callable(get):
        result: dict[str, Any] = {}
        for name in names_of():
            try:
                result[name] = get(name)
            except Exception:  # noqa: BLE001 - a member that cannot be read is simply not patched
                continue
        return result
    return {}


def update_references(name: str, old_exports: Any, new_exports: Any) -> PatchReport:
    """Patch every object of the old version of module ``name`` to run the new version's code.

    ``old_exports``/``new_exports`` are the module objects (or name → value mappings) before and
    after the reload. This is the registry's reload-listener signature.
    """
    with _LOCK:
        patcher = _Patcher(name)
        if not isinstance(old_exports, Mapping) and not isinstance(new_exports, Mapping):
            patcher.patch(old_exports, new_exports, name)
        old_map, new_map = exports_of(old_exports), exports_of(new_exports)
        for member, old_value in old_map.items():
            if member in new_map:
                patcher.patch(old_value, new_map[member], f"{name}.{member}")
            elif _function_of(old_value) is not None:
                patcher.remove_function(old_value, member)
        return patcher.finish()


__all__ = [
    "PatchReport",
    "exports_of",
    "removed_function_error",
    "update_references",
]
