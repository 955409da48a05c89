"""``mlpy.settings``: mlpy's own settings, read once from the host's environment."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mlpy import settings


def test_read_once_until_reload(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MLPY_SLOW_LOAD_MS", "5")
    before = settings.generation()
    os.environ["MLPY_SLOW_LOAD_MS"] = "7"  # behind mlpy's back: not seen
    assert settings.get("MLPY_SLOW_LOAD_MS") == "5"
    settings.reload()
    assert settings.get("MLPY_SLOW_LOAD_MS") == "7"
    assert settings.generation() == before + 1
    settings.reload()  # nothing changed: same generation
    assert settings.generation() == before + 1


def test_only_known_names(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "MLPY_CACHE_DIR" in settings.NAMES and "HOME" in settings.NAMES
    with pytest.raises(KeyError, match="MLPY_TEST_SECRET is not an mlpy setting"):
        settings.get("MLPY_TEST_SECRET")
    assert settings.get("MLPY_DEV_MODE", "fallback") in ("fallback", os.environ.get("MLPY_DEV_MODE"))


def test_folders(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    assert settings.home() == tmp_path
    assert settings.config_dir() == tmp_path / ".config" / "mlpy"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    assert settings.config_dir() == tmp_path / "cfg" / "mlpy"
