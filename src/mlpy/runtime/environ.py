"""A run's own view of the environment: the host's variables under the run's changes.

``env.set``/``env.delete`` never change ``os.environ``: that is the host process's (and every
other run's) environment, and mlpy's own settings used to be read from it -- a program re-pointing
``MLPY_CACHE_DIR`` could make the host load code from a folder it can write. Each
``ExecutionContext`` holds an ``EnvironmentView`` instead: reads see the run's own changes first,
then the host's current value; writes and deletes go to the view only (copy on write), so another
run, the host and later runs see nothing of them.
"""

from __future__ import annotations

import os

_DELETED = None


class EnvironmentView:
    """The environment as one run sees it: ``os.environ`` overlaid with the run's changes."""

    __slots__ = ("_changes",)

    def __init__(self) -> None:
        self._changes: dict[str, str | None] = {}  # one dict operation at a time: thread-safe

    def get(self, name: str) -> str | None:
        """The variable's value in this run (``None`` when unset or deleted by the run)."""
        changes = self._changes
        if name in changes:
            return changes[name]
        return os.environ.get(name)

    def set(self, name: str, value: str) -> None:
        """Set ``name`` for this run only."""
        self._changes[name] = value

    def delete(self, name: str) -> None:
        """Unset ``name`` for this run only."""
        self._changes[name] = _DELETED

    def items(self) -> list[tuple[str, str]]:
        """Every variable this run sees, sorted by name."""
        changes = dict(self._changes)
        merged = {name: value for name, value in os.environ.items() if name not in changes}
        merged.update({name: value for name, value in changes.items() if value is not None})
        return sorted(merged.items())

    @property
    def changed(self) -> dict[str, str | None]:
        """The run's own changes (``None``: deleted), for tests and the sandbox child's report."""
        return dict(self._changes)


__all__ = ["EnvironmentView"]
