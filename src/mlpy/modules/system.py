"""The module system as the runtime sees it: the ``mlpy.runtime.imports.Importer`` implementation.

Each call goes to the current process-wide registry (``get_registry()``), so a host or test that
replaces the registry is seen at once. ``install()`` makes it the default of every execution context
that does not name its own importer; ``mlpy.modules`` calls it when it is first imported.
"""

from __future__ import annotations

from typing import Any

from mlpy.runtime.imports import install_default


class ModuleSystem:
    """Imports and module questions of ML code, answered by the process registry."""

    def import_module(self, path: tuple[str, ...], importing_file: str, alias: bool) -> Any:
        """``import a.b.c [as x];`` (see ``mlpy.modules.importer.import_module``)."""
        from mlpy.modules.importer import import_module

        return import_module(path, importing_file, alias)

    def module_names(self) -> list[str]:
        """Every module name the current run may import, sorted."""
        from mlpy.modules.registry import get_registry

        return sorted(get_registry().get_all_module_names())

    def is_available(self, name: str) -> bool:
        """Whether ``import name;`` would find a module."""
        from mlpy.modules.registry import get_registry

        return get_registry().is_available(name)

    def module_info(self, name: str) -> dict[str, Any] | None:
        """The registry's description of one module (host-facing: includes its file)."""
        from mlpy.modules.registry import get_registry

        return get_registry().get_module_info(name)


MODULE_SYSTEM = ModuleSystem()
"""The one instance (it holds no state of its own)."""


def install() -> None:
    """Make ``MODULE_SYSTEM`` the process default importer (idempotent)."""
    install_default(MODULE_SYSTEM)


__all__ = ["MODULE_SYSTEM", "ModuleSystem", "install"]
