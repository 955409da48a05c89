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
    next run (or the extension itself) sees.
    """

    __slots__ = ()
    member_word = "function"

    def _ml_get_member(self, name: str) -> Any:
        value = super()._ml_get_member(name)
        if value.__class__ is list or value.__class__ is dict:
            return copy.deepcopy(value)
        return value


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
    (aliases included), declared constants, and public plain-data instance attributes."""
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
        if is_ml_data(value) or isinstance(value, MLValue) or class_info_of(value) is not None:
            exports[constant] = value
    for ml_name, attr_name in info.method_names.items():
        if ml_name[:1] == "_":
            continue
        exports[ml_name] = getattr(instance, attr_name)
    return exports


__all__ = [
    "ExtensionModule",
    "MLModule",
    "ModuleObject",
    "PackageModule",
    "extension_exports",
    "is_ml_data",
]
