"""The authoring contract for Python extension modules: ``@ml_module``, ``@ml_function``, ``@ml_class``.

These decorators only attach metadata; they never wrap or change the decorated object, so an
extension module stays a plain Python class that its author can unit-test directly. The registry,
``help(fn)``, ``requiredCapabilities(fn)``, ``module_info(name)`` and the REPL read the metadata.

What ML code can reach is decided from this metadata alone:
- on a module instance: its ``@ml_function`` methods and its public constants (``constants=[...]``);
- on an ``@ml_class`` instance: its public methods (no leading ``_``), the data attributes listed in
  ``attributes=[...]``, and it may set the attributes listed in ``writable=[...]``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")

MODULE_INFO_ATTR = "_ml_module_info"
FUNCTION_INFO_ATTR = "_ml_function_info"
CLASS_INFO_ATTR = "_ml_class_info"


@dataclass(frozen=True)
class FunctionInfo:
    """Metadata of one ``@ml_function`` method."""

    name: str
    description: str = ""
    capabilities: tuple[str, ...] | None = None
    params: dict[str, Any] | None = None
    returns: str | None = None
    aliases: tuple[str, ...] = ()

    def declared_capabilities(self, module: ModuleInfo | None) -> tuple[str, ...]:
        """What the function declares; without its own list it inherits the module's (SPEC stdlib)."""
        if self.capabilities is not None:
            return self.capabilities
        return module.capabilities if module is not None else ()


@dataclass(frozen=True)
class ModuleInfo:
    """Metadata of one ``@ml_module`` class."""

    name: str
    description: str = ""
    capabilities: tuple[str, ...] = ()
    version: str = "1.0.0"
    constants: tuple[str, ...] = ()
    functions: dict[str, FunctionInfo] = field(default_factory=dict)
    """ML-visible name -> info, snake_case aliases included (they share the info of the original)."""
    method_names: dict[str, str] = field(default_factory=dict)
    """ML-visible name -> Python attribute name."""


@dataclass(frozen=True)
class ClassInfo:
    """Metadata of one ``@ml_class`` class."""

    name: str
    description: str = ""
    capabilities: tuple[str, ...] = ()
    attributes: tuple[str, ...] = ()
    writable: tuple[str, ...] = ()


def _as_tuple(values: Iterable[str] | str | None) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str):
        return (values,)
    return tuple(values)


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

    def mark(target: Callable[..., Any]) -> Callable[..., Any]:
        info = FunctionInfo(
            name=name or target.__name__,
            description=description or (target.__doc__ or "").strip().split("\n")[0],
            capabilities=None if capabilities is None else _as_tuple(capabilities),
            params=params,
            returns=returns,
            aliases=_as_tuple(aliases),
        )
        setattr(target, FUNCTION_INFO_ATTR, info)
        return target

    if func is not None:
        return mark(func)
    return mark


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

    def mark(target: type) -> type:
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
        module_name = name or target.__name__.lower()
        setattr(
            target,
            MODULE_INFO_ATTR,
            ModuleInfo(
                name=module_name,
                description=description or (target.__doc__ or "").strip().split("\n")[0],
                capabilities=_as_tuple(capabilities),
                version=version,
                constants=_as_tuple(constants),
                functions=functions,
                method_names=method_names,
            ),
        )
        return target

    if cls is not None:
        return mark(cls)
    return mark


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
    """Mark a class whose instances may be handed to ML code as values (``typeof`` is its name)."""

    def mark(target: type) -> type:
        setattr(
            target,
            CLASS_INFO_ATTR,
            ClassInfo(
                name=name or target.__name__,
                description=description or (target.__doc__ or "").strip().split("\n")[0],
                capabilities=_as_tuple(capabilities),
                attributes=_as_tuple(attributes),
                writable=_as_tuple(writable),
            ),
        )
        return target

    if cls is not None:
        return mark(cls)
    return mark


def module_info_of(obj: object) -> ModuleInfo | None:
    """The ``@ml_module`` metadata of a module class or instance, or None."""
    info = getattr(type(obj) if not isinstance(obj, type) else obj, MODULE_INFO_ATTR, None)
    return info if isinstance(info, ModuleInfo) else None


def function_info_of(func: object) -> FunctionInfo | None:
    """The ``@ml_function`` metadata of a function or bound method, or None."""
    target = getattr(func, "__func__", func)
    info = getattr(target, FUNCTION_INFO_ATTR, None)
    return info if isinstance(info, FunctionInfo) else None


def class_info_of(obj: object) -> ClassInfo | None:
    """The ``@ml_class`` metadata of an instance (looked up on its type), or None."""
    info = getattr(type(obj), CLASS_INFO_ATTR, None)
    return info if isinstance(info, ClassInfo) else None


__all__ = [
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
