"""What the ``@ml_module`` / ``@ml_function`` / ``@ml_class`` decorators attach, and how to read it.

The decorators themselves live in ``mlpy.modules.decorators`` (the authoring contract of extension
modules); the metadata they attach lives here because the runtime's member dispatcher, printer and
builtins decide from it alone what ML code may reach on a host object:

- on a module instance: its ``@ml_function`` methods and its public constants (``constants=[...]``);
- on an ``@ml_class`` instance: its public methods (no leading ``_``), the data attributes listed in
  ``attributes=[...]``, and it may set the attributes listed in ``writable=[...]``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

EXTENSION_MARKER = "__mlpy_extension__"
"""Global set in the namespace of every third-party extension file (value: its module name), so the
error reporter can tell a Python exception raised inside an extension from one of mlpy's own."""
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
        """What the function declares; without its own list it inherits the module's."""
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


def module_info_of(obj: object) -> ModuleInfo | None:
    """The ``@ml_module`` metadata of a module class or instance, or None."""
    info = getattr(obj if isinstance(obj, type) else type(obj), MODULE_INFO_ATTR, None)
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
    "CLASS_INFO_ATTR",
    "EXTENSION_MARKER",
    "FUNCTION_INFO_ATTR",
    "MODULE_INFO_ATTR",
    "ClassInfo",
    "FunctionInfo",
    "ModuleInfo",
    "class_info_of",
    "function_info_of",
    "module_info_of",
]
