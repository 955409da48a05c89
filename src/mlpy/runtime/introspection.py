"""The ML builtins that describe rather than compute: ``help``, the capability questions
(``hasCapability``, ``getCapabilities``...) and the module questions (``modules``, ``module_info``...).

They answer from the current run (its grants, its module system) and never hand an ML program a
host object or a file-system location: everything is copied into plain ML values first.
"""

from __future__ import annotations

from typing import Any

from mlpy.runtime.builtin_registry import BUILTINS
from mlpy.runtime.builtin_registry import builtin as _builtin
from mlpy.runtime.context import current
from mlpy.runtime.errors_runtime import ml_type_error
from mlpy.runtime.formatting import a_typeof, is_function, ml_name, ml_str, typeof
from mlpy.runtime.members import member_names
from mlpy.runtime.metadata import class_info_of, function_info_of, module_info_of
from mlpy.runtime.values import MLValue


def _signature(func: Any) -> str:
    """``name(a, b)`` for a Python or ML function, without ``self``."""
    code = getattr(getattr(func, "__func__", func), "__code__", None)
    name = ml_name(getattr(func, "__name__", "function"))
    if code is None:
        return f"{name}(...)"
    params = [ml_name(p) for p in code.co_varnames[: code.co_argcount]]
    if getattr(func, "__self__", None) is not None and params:
        params = params[1:]
    if code.co_flags & 0x04:
        params.append("..." + ml_name(code.co_varnames[code.co_argcount + code.co_kwonlyargcount]))
    return f"{name}({', '.join(params)})"


def _declared_capabilities(func: Any) -> list[str]:
    info = function_info_of(func)
    owner = getattr(func, "__self__", None)
    if info is not None:
        return list(info.declared_capabilities(module_info_of(owner) if owner is not None else None))
    if owner is not None:
        class_info = class_info_of(owner)
        if class_info is not None:
            return list(class_info.capabilities)
    return []


def _help_text(target: Any) -> str:
    if isinstance(target, str) and target in BUILTINS:
        target = BUILTINS[target]
    if is_function(target) and not isinstance(target, MLValue):
        info = function_info_of(target)
        lines = [_signature(target)]
        if info is not None and info.name:
            lines[0] = _signature(target).replace(ml_name(target.__name__) + "(", info.name + "(", 1)
        description = info.description if info is not None else ""
        if not description and BUILTINS.get(getattr(target, "__name__", "")) is target:
            description = (target.__doc__ or "").strip().split("\n")[0]
        if description:
            lines.append(description)
        capabilities = _declared_capabilities(target)
        lines.append("Requires capabilities: " + (", ".join(capabilities) if capabilities else "none"))
        return "\n".join(lines)
    kind = typeof(target)
    lines = [f"{ml_str(target) if isinstance(target, MLValue) else kind} ({kind})"]
    class_info = class_info_of(target)
    if class_info is not None and class_info.description:
        lines.append(class_info.description)
    names = member_names(target)
    if names:
        lines.append("Members: " + ", ".join(names))
    return "\n".join(lines)


@_builtin("help")
def ml_help(target: Any = None) -> str:
    """Text describing a function (signature, description, required capabilities) or a value."""
    if target is None:
        return "Builtins: " + ", ".join(sorted(BUILTINS))
    return _help_text(target)


@_builtin("requiredCapabilities")
def ml_required_capabilities(func: Any) -> list[str]:
    """The capability names a function declares (empty for ML functions)."""
    if not is_function(func):
        raise ml_type_error(f"requiredCapabilities() expects a function, not {a_typeof(func)}")
    if isinstance(func, MLValue):
        return []
    return _declared_capabilities(func)


def _grants() -> Any:
    return current().grants


@_builtin("hasCapability")
def ml_has_capability(name: Any) -> bool:
    """Whether this run was granted the capability ``name`` (``"read"``, ``"net:example.com"``...)."""
    if not isinstance(name, str):
        raise ml_type_error(f"hasCapability() expects a capability name string, not {a_typeof(name)}")
    grants = _grants()
    if grants is None:
        return False
    return bool(grants.has(name))


def _to_ml(value: Any, depth: int = 0) -> Any:
    """Copy host data (registry and grant descriptions) into plain ML values."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if depth > 20:
        return ml_str(value)
    if isinstance(value, dict):
        return {str(key): _to_ml(item, depth + 1) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_to_ml(item, depth + 1) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted(_to_ml(item, depth + 1) for item in value)
    return str(value)


@_builtin("getCapabilities")
def ml_get_capabilities() -> list[Any]:
    """The capabilities granted to this run, as strings."""
    grants = _grants()
    if grants is None:
        return []
    described = grants.describe()
    if isinstance(described, str):
        return [described] if described else []
    converted = _to_ml(described)
    return converted if isinstance(converted, list) else [converted]


_CAPABILITY_WORDS = {
    "read": "read files and list directories",
    "write": "create, change and delete files",
    "net": "open network connections",
    "env": "read and change environment variables",
    "all": "every capability",
}


@_builtin("getCapabilityInfo")
def ml_get_capability_info(name: Any) -> dict[str, Any]:
    """``{name, granted, description}`` for one capability name."""
    if not isinstance(name, str):
        raise ml_type_error(f"getCapabilityInfo() expects a capability name string, not {a_typeof(name)}")
    kind = name.split(":", 1)[0].split(".", 1)[0]
    return {
        "name": name,
        "granted": ml_has_capability(name),
        "description": _CAPABILITY_WORDS.get(kind, ""),
    }


def _registry() -> Any:
    """The run's module system (``mlpy.runtime.imports``), or None when none is installed."""
    from mlpy.runtime.imports import current_importer

    return current_importer()


@_builtin("modules")
def ml_modules() -> list[str]:
    """The names of every importable module, sorted."""
    registry = _registry()
    return sorted(registry.module_names()) if registry is not None else []


@_builtin("available_modules")
def ml_available_modules(module_type: Any = None) -> list[str]:
    """Importable module names, optionally only of one type (``"stdlib"``, ``"extension"``, ``"ml"``)."""
    registry = _registry()
    if registry is None:
        return []
    names = sorted(registry.module_names())
    if module_type is None:
        return names
    kept = []
    for name in names:
        info = registry.module_info(name) or {}
        if module_type in (info.get("type"), info.get("kind")):
            kept.append(name)
    return kept


@_builtin("has_module")
def ml_has_module(name: Any) -> bool:
    """Whether ``import name;`` would find a module."""
    registry = _registry()
    return bool(registry.is_available(name)) if registry is not None and isinstance(name, str) else False


@_builtin("module_info")
def ml_module_info(name: Any) -> Any:
    """An object describing a module (name, description, version, functions...), or null."""
    registry = _registry()
    if registry is None or not isinstance(name, str):
        return None
    info = registry.module_info(name)
    if info is None:
        return None
    # The host-facing record names the module's file; an ML program must not learn where mlpy,
    # the extensions or other tenants' modules live on disk.
    return _to_ml({key: value for key, value in info.items() if key not in _HOST_ONLY_INFO})


_HOST_ONLY_INFO = frozenset({"file", "path", "paths", "location", "origin"})
"""``module_info`` keys kept from ML programs (file-system locations)."""
