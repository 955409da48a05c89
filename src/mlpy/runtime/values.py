"""The base class of runtime-provided ML values (error objects, module objects, bound wrappers).

Generated code never touches a Python attribute of a value itself: member reads, member writes,
``typeof`` and ``str`` of any value that is not a plain ML value (number, string, boolean, null,
array, object, function) go through the runtime dispatcher, which asks these ``_ml_*`` methods.
Their names start with ``_``, so no ML route (member access, ``getattr``, subscripts) reaches them.
"""

from __future__ import annotations

from typing import Any


class MLValue:
    """A runtime object that ML code may hold. Subclasses decide what ML can see of them."""

    __slots__ = ()

    def _ml_typeof(self) -> str:
        """What ``typeof(x)`` returns."""
        return "object"

    def _ml_get_member(self, name: str) -> Any:
        """``x.name``; raise ``AttributeError(name)`` when there is no such member."""
        raise AttributeError(name)

    def _ml_set_member(self, name: str, value: Any) -> None:
        """``x.name = value``; raise ``AttributeError(name)`` when it may not be set."""
        raise AttributeError(name)

    def _ml_member_names(self) -> list[str]:
        """The members ML can see (``methods(x)``, ``hasattr``, REPL completion)."""
        return []

    def _ml_str(self) -> str:
        """What ``str(x)`` and ``print(x)`` show."""
        return f"<{self._ml_typeof()}>"
