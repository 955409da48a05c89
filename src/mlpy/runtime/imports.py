"""The runtime's side of ``import``: a small protocol the module system implements.

Generated code calls ``__ml_import`` and the builtins ``modules()``, ``has_module()`` and
``module_info()`` ask about modules, but the module system (``mlpy.modules``) sits *above* the
runtime in the layering, so the runtime cannot import it. Instead it defines the ``Importer``
protocol here and asks the run's ``ExecutionContext.importer``; a context without one uses the
process default, which ``mlpy.modules`` installs when it is imported (every entry point imports it
before running a program). This is dependency inversion: the runtime owns the interface, the modules
package owns the implementation.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from mlpy.errors import MLImportError


class Importer(Protocol):
    """What the runtime needs from a module system."""

    def import_module(self, path: tuple[str, ...], importing_file: str, alias: bool) -> Any:
        """``import a.b.c [as x];``: the value to bind (``a``, or the module itself with ``as``)."""
        ...

    def module_names(self) -> Sequence[str]:
        """Every module name the current run may import."""
        ...

    def is_available(self, name: str) -> bool:
        """Whether ``import name;`` would find a module."""
        ...

    def module_info(self, name: str) -> dict[str, Any] | None:
        """Description, version, functions... of one module (host-facing: may name its file)."""
        ...


_default: Importer | None = None


def install_default(importer: Importer) -> None:
    """Make ``importer`` the module system of contexts that do not name their own."""
    global _default
    _default = importer


def current_importer() -> Importer | None:
    """The module system of the running context (its own, else the process default), or None."""
    from mlpy.runtime.context import current

    own: Importer | None = current().importer
    return own if own is not None else _default


def require_importer(what: str) -> Importer:
    """The current module system, or an ``MLImportError`` saying that none is installed."""
    importer = current_importer()
    if importer is None:
        raise MLImportError(f"cannot import '{what}': no module system is installed "
                            "(import mlpy.modules, or run through mlpy.run / the mlpy command)")
    return importer


__all__ = ["Importer", "current_importer", "install_default", "require_importer"]
