"""The authoring contract for Python extension modules: ``@ml_module``, ``@ml_function``, ``@ml_class``.

These decorators only attach metadata (``mlpy.runtime.metadata``); they never wrap or change the
decorated object, so an extension module stays a plain Python class that its author can unit-test
directly. The registry, ``help(fn)``, ``requiredCapabilities(fn)``, ``module_info(name)`` and the
REPL read the metadata; the runtime's member dispatcher decides from it what ML code may reach.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from mlpy.runtime.metadata import (
    CLASS_INFO_ATTR,
    FUNCTION_INFO_ATTR,
    MODULE_INFO_ATTR,
    ClassInfo,
    FunctionInfo,
    ModuleInfo,
    class_info_of,
    function_info_of,
    module_info_of,
)

F = TypeVar("F", bound=Callable[..., Any])
C = TypeVar("C", bound=type)


def _as_tuple(values: Iterable[str] | str | None) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str):
        return (values,)
    return tuple(values)


def _first_doc_line(target: object) -> str:
    return (getattr(target, "__doc__", None) or "").strip().split("\n")[0]


def ml_function(
    func: Callable[..., Any] | None = None,
    *,
    description: str = "",
    capabilities: Iterable[str] | None = None,
    params: dict[str, Any] | None = None,
    returns: str | None = None,
    name: str | None = None,
    aliases: Iterable[str] | None = None,
) -> Any:
    """Mark a method of an ``@ml_module`` class as callable from ML.

    Usable bare (``@ml_function``) or with arguments. ``capabilities=None`` means "inherit the
    module's", ``capabilities=[]`` means "declares none". ``aliases`` are extra ML names.
    """

    def mark(target: F) -> F:
        info = FunctionInfo(
            name=name or target.__name__,
            description=description or _first_doc_line(target),
            capabilities=None if capabilities is None else _as_tuple(capabilities),
            params=params,
            returns=returns,
            aliases=_as_tuple(aliases),
        )
        setattr(target, FUNCTION_INFO_ATTR, info)
        return target

    return mark(func) if func is not None else mark


def _exported_functions(target: type) -> tuple[dict[str, FunctionInfo], dict[str, str]]:
    """ML name -> info and ML name -> attribute of every ``@ml_function`` of ``target`` (inherited too)."""
    functions: dict[str, FunctionInfo] = {}
    method_names: dict[str, str] = {}
    for klass in reversed(target.__mro__):
        for attr_name, value in vars(klass).items():
            info = getattr(value, FUNCTION_INFO_ATTR, None)
            if not isinstance(info, FunctionInfo):
                continue
            for ml_name in (info.name, *info.aliases):
                functions[ml_name] = info
                method_names[ml_name] = attr_name
    return functions, method_names


def ml_module(
    cls: type | None = None,
    *,
    name: str | None = None,
    description: str = "",
    capabilities: Iterable[str] | None = None,
    version: str = "1.0.0",
    constants: Iterable[str] | None = None,
    **_extra: Any,
) -> Any:
    """Mark a class as an ML module. The file must also create one instance named like the module."""

    def mark(target: C) -> C:
        functions, method_names = _exported_functions(target)
        info = ModuleInfo(
            name=name or target.__name__.lower(),
            description=description or _first_doc_line(target),
            capabilities=_as_tuple(capabilities),
            version=version,
            constants=_as_tuple(constants),
            functions=functions,
            method_names=method_names,
        )
        setattr(target, MODULE_INFO_ATTR, info)
        return target

    return mark(cls) if cls is not None else mark


def ml_class(
    cls: type | None = None,
    *,
    name: str | None = None,
    description: str = "",
    capabilities: Iterable[str] | None = None,
    attributes: Iterable[str] | None = None,
    writable: Iterable[str] | None = None,
    **_extra: Any,
) -> Any:
    """Mark a class whose instances may be handed to ML code as values (``typeof`` is its name).

    ML reads the ``attributes`` and may set the ``writable`` ones. A module constant that is such
    an instance with ``writable`` attributes is copied once per run (``objects.PerRunInstance``):
    the module is shared by every run of the process, and one run's write must not be the next
    run's value.
    """

    def mark(target: C) -> C:
        info = ClassInfo(
            name=name or target.__name__,
            description=description or _first_doc_line(target),
            capabilities=_as_tuple(capabilities),
            attributes=_as_tuple(attributes),
            writable=_as_tuple(writable),
        )
        setattr(target, CLASS_INFO_ATTR, info)
        return target

    return mark(cls) if cls is not None else mark


__all__ = [
    "CLASS_INFO_ATTR",
    "FUNCTION_INFO_ATTR",
    "MODULE_INFO_ATTR",
    "ClassInfo",
    "FunctionInfo",
    "ModuleInfo",
    "class_info_of",
    "function_info_of",
    "ml_class",
    "ml_function",
    "ml_module",
    "module_info_of",
]
