"""Fixtures of the command-line and REPL tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mlpy.cli.repl import MLREPLSession
from mlpy.modules.registry import reset_registry


@pytest.fixture
def session() -> Iterator[MLREPLSession]:
    """A REPL session with default options on a fresh module registry, closed afterwards."""
    reset_registry()
    repl = MLREPLSession()
    yield repl
    repl.close()
