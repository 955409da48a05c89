"""The module objects ML code holds after ``import``: extension modules, ML modules, packages.

A module object is an ``MLValue``: the runtime's member dispatcher asks it for ``m.name`` and it
answers from one exports dict, read at access time, so that a reload can swap the dict in place and
every reference to the module (``m = math;``) sees the new code. Nothing else of the object is
reachable: the class has ``__slots__`` (no ``__dict__``), and names starting with ``_`` are never
exports.

A missing member raises ``AttributeError`` whose message is the full ML-worded text
("module 'math' has no function 'sqrtt'. Did you mean 'sqrt'?") and whose ``name`` is the member.
"""

from __future__ import annotations

import copy
import keyword
import sys
from collections.abc import Iterable
from typing import Any

from mlpy.language.suggest import closest_name
from mlpy.runtime.metadata import class_info_of, module_info_of
from mlpy.runtime.values import MLValue

MANGLE_PREFIX = "__kw_"
"""How the compiler stores an ML name that is a Python keyword (``class`` -> ``__kw_class``)."""


def _suggest(name: str, candidates: Iterable[str]) -> str:
    """``". Did you mean 'x'?"`` for the closest name (a case-only difference first), or ``""``."""
    match = closest_name(name, candidates)
    return f". Did you mean '{match}'?" if match is not None else ""


class ModuleObject(MLValue):
    """Base of every module value: a name, a kind and one exports dict."""

    __slots__ = ("_ml_name", "_exports", "_children", "__weakref__")

    member_word = "member"

    def __init__(self, name: str, exports: dict[str, Any] | None = None) -> None:
        self._ml_name = name
        self._exports: dict[str, Any] = exports if exports is not None else {}
        self._children: dict[str, ModuleObject] = {}

    # -- what ML sees -------------------------------------------------------------------------
    def _ml_typeof(self) -> str:
        return "module"

    def _ml_str(self) -> str:
        return f"<module {self._ml_name}>"

    def __repr__(self) -> str:
        return self._ml_str()

    def _ml_get_member(self, name: str) -> Any:
        try:
            return self._exports[name]
        except KeyError:
            pass
        return self._slow_member(name)

    def _slow_member(self, name: str) -> Any:
        """Sub-modules, then the error with a suggestion."""
        child = self._children.get(name)
        if child is not None:
            return child
        raise self._missing(name)

    def _missing(self, name: str) -> AttributeError:
        message = (f"module '{self._ml_name}' has no {self.member_word} '{name}'"
                   + _suggest(name, self._ml_member_names()))
        return AttributeError(message, name=name)

    def _ml_set_member(self, name: str, value: Any) -> None:
        raise AttributeError(f"cannot set '{name}': module '{self._ml_name}' is read-only", name=name)

    def _ml_member_names(self) -> list[str]:
        return sorted({*self._exports, *self._children})

    # -- host side (used by the registry, the importer and devmode) ----------------------------
    def _ml_replace_exports(self, exports: dict[str, Any]) -> dict[str, Any]:
        """Swap in a new exports dict (reload); returns the old one."""
        old, self._exports = self._exports, exports
        return old

    def _ml_add_child(self, name: str, child: ModuleObject) -> None:
        """Make ``child`` reachable as ``self.name`` (``import a.b;`` binds ``a`` with ``a.b``)."""
        self._children[name] = child


class ExtensionModule(ModuleObject):
    """A Python extension module: its ``@ml_function`` methods (bound) and its public constants.

    The module object is shared by every run of the process, so an array or object it exports is
    handed out as a copy made at the read: one run changing ``m.items`` must not change what the
    next run (or the extension itself) sees. An exported ``@ml_class`` instance with ``writable=``
    attributes is copied once per run instead (``PerRunInstance``): within a run every read gives
    the same object, so a write stays visible to that run, and to that run only.
    """

    __slots__ = ()
    member_word = "function"

    def _ml_get_member(self, name: str) -> Any:
        value = super()._ml_get_member(name)
        kind = value.__class__
        if kind is list or kind is dict:
            return copy.deepcopy(value)
        if kind is PerRunInstance:
            return value.for_current_run()
        return value


class PerRunInstance:
    """An exported ``@ml_class`` instance that ML code may write to, stored in the module's exports
    in its place: each run reads a copy of its own, made on its first read (``copy.deepcopy``).

    Without it one tenant's ``m.settings.level = 9`` would be what the next run reads. Host code
    outside any run (the extension itself, ``help``) reads the original, which no run ever changes.
    """

    __slots__ = ("original",)

    def __init__(self, original: object) -> None:
        self.original = original

    def for_current_run(self) -> Any:
        """The current run's copy (made now if this is its first read), or the original outside runs."""
        from mlpy.modules.session import in_program, run_state

        if not in_program():
            return self.original
        return run_state(self, self._copy)

    def _copy(self) -> Any:
        return copy.deepcopy(self.original)

    def __repr__(self) -> str:
        return f"<per-run copies of {self.original!r}>"


class PackageModule(ModuleObject):
    """A directory of ML modules without ``__init__.ml``: only its sub-modules are members."""

    __slots__ = ()


class MLModule(ModuleObject):
    """An ML module: its top-level functions and variables, read live from its namespace.

    ``_exports`` *is* the module's globals dict, so a variable the module's own functions change
    (``nonlocal counter; counter += 1``) reads current. Hidden: names starting with ``_`` (runtime
    helpers, ``__builtins__``, private ML names) and the names bound by the module's own imports.
    """

    __slots__ = ("_hidden", "_ml_path")

    def __init__(self, name: str, namespace: dict[str, Any], hidden: Iterable[str] = (),
                 path: str | None = None) -> None:
        super().__init__(name, namespace)
        self._hidden = frozenset(hidden)
        self._ml_path = path

    def _ml_get_member(self, name: str) -> Any:
        if name[:1] != "_" and name not in self._hidden:
            try:
                return self._exports[name]
            except KeyError:
                if keyword.iskeyword(name) and MANGLE_PREFIX + name in self._exports:
                    return self._exports[MANGLE_PREFIX + name]
        return self._slow_member(name)

    def _ml_member_names(self) -> list[str]:
        names = set(self._children)
        for key in self._exports:
            if key.startswith(MANGLE_PREFIX):
                names.add(key[len(MANGLE_PREFIX):])
            elif key[:1] != "_" and key not in self._hidden:
                names.add(key)
        return sorted(names)

    def _ml_replace_namespace(self, namespace: dict[str, Any], hidden: Iterable[str]) -> dict[str, Any]:
        """Reload: swap in the namespace of the newly executed version; returns the old one."""
        self._hidden = frozenset(hidden)
        return self._ml_replace_exports(namespace)


def is_ml_data(value: Any, depth: int = 0) -> bool:
    """True when ``value`` is plain ML data (numbers, strings, booleans, null, arrays, objects)."""
    if value is None or isinstance(value, bool | int | float | str):
        return True
    if depth > 50:
        return False
    if isinstance(value, list):
        return all(is_ml_data(v, depth + 1) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str | int | float | bool) or k is None for k in value) and all(
            is_ml_data(v, depth + 1) for v in value.values())
    return False


def extension_exports(instance: object) -> dict[str, Any]:
    """The exports of an extension module instance: bound ``@ml_function`` methods by ML name
    (aliases included), declared constants, and public plain-data instance attributes. A constant
    that is an ``@ml_class`` instance with ``writable=`` attributes is exported as a
    ``PerRunInstance`` (each run writes to a copy of its own); ``MLImportError`` when it cannot be
    copied."""
    info = module_info_of(instance)
    exports: dict[str, Any] = {}
    if info is None:
        return exports
    attributes = getattr(instance, "__dict__", {})
    for attr_name, value in attributes.items():
        if attr_name[:1] != "_" and is_ml_data(value):
            exports[attr_name] = value
    for constant in info.constants:
        if constant[:1] == "_":
            continue
        value = getattr(instance, constant, None)
        if isinstance(value, tuple):
            value = list(value)
        if is_ml_data(value) or isinstance(value, MLValue):
            exports[constant] = value
        elif class_info_of(value) is not None:
            exports[constant] = _shared_instance(instance, info.name, constant, value)
    for ml_name, attr_name in info.method_names.items():
        if ml_name[:1] == "_":
            continue
        exports[ml_name] = getattr(instance, attr_name)
    return exports


def _shared_instance(module: object, module_name: str, constant: str, value: object) -> Any:
    """``value`` as the module exports it: itself when ML cannot write to it, else a
    ``PerRunInstance`` -- checked here, at load, to be copyable, so that an instance that is not
    fails the import with what to do rather than the first run that reads it."""
    info = class_info_of(value)
    if info is None or not info.writable:
        return value
    try:
        copy.deepcopy(value)
    except Exception as exc:  # noqa: BLE001 - any failure to copy is reported the same way
        from mlpy.errors import MLImportError

        source = sys.modules.get(type(module).__module__)
        raise MLImportError(
            f"module '{module_name}': constant '{constant}' is a {info.name} that ML code may write "
            f"to (writable={list(info.writable)}), so each run gets a copy of its own, but it cannot "
            f"be copied ({type(exc).__name__}: {exc}). Give {type(value).__name__} a __deepcopy__ "
            "method, export a function that returns a new instance instead, or drop writable=",
            filename=getattr(source, "__file__", None)) from None
    return PerRunInstance(value)


__all__ = [
    "ExtensionModule",
    "MLModule",
    "ModuleObject",
    "PackageModule",
    "PerRunInstance",
    "extension_exports",
    "is_ml_data",
]
