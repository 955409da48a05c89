"""Fixtures of the language-server tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsp_project import write_project


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A fresh copy of the test project (main.ml, lib/util.ml, ext/greet_bridge.py, mlpy.toml)."""
    return write_project(tmp_path / "proj")
