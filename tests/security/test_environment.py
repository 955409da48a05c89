"""A program's environment changes stay in its own run: never the host's, another run's, or mlpy's.

``env.set``/``env.delete`` write the run's ``EnvironmentView``; mlpy reads its own settings
(``MLPY_CACHE_DIR`` ...) once from the host (``mlpy.settings``), so a program granted the
environment and a writable folder still cannot re-point the compile cache at that folder.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

import mlpy
from mlpy import settings
from mlpy.compiler import cache


@pytest.fixture
def host_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The host's cache folder for this test (set before mlpy reads its settings)."""
    folder = tmp_path / "host-cache"
    monkeypatch.setenv("MLPY_CACHE_DIR", str(folder))
    return folder


REPOINT = '''
import env;
import file;
env.set("MLPY_CACHE_DIR", "{W}");
env.set("MLPY_EXTENSION_PATHS", "{W}");
env.delete("HOME");
file.write("{W}/probe.txt", "x");
seen = env.get("MLPY_CACHE_DIR");
home = env.get("HOME");
'''


def test_env_set_of_cache_dir_does_not_move_the_cache(tmp_path: Path, host_cache: Path) -> None:
    writable = tmp_path / "writable"
    writable.mkdir()
    source = REPOINT.replace("{W}", str(writable))
    result = mlpy.run(source, capabilities=["env", f"write:{writable}"])
    assert result.globals["seen"] == str(writable)  # the program sees its own change...
    assert result.globals["home"] is None
    assert os.environ["MLPY_CACHE_DIR"] == str(host_cache)  # ...the host does not
    assert os.environ.get("HOME")
    assert settings.get("MLPY_CACHE_DIR") == str(host_cache)
    assert cache.cache_dir() == host_cache
    program = tmp_path / "after.ml"
    program.write_text("x = 1 + 2;\n", encoding="utf-8")
    mlpy.run_file(program)  # compiled after the attack: still cached where the host said
    assert any(host_cache.rglob("*.mlc"))
    assert not any(writable.rglob("*.mlc"))


def test_env_set_of_cache_dir_under_sandbox(tmp_path: Path, host_cache: Path) -> None:
    writable = tmp_path / "writable"
    writable.mkdir()
    source = REPOINT.replace("{W}", str(writable)) + 'y = 40 + 2;\n'
    result = mlpy.run(source, capabilities=["env", f"write:{writable}"], sandbox=True, timeout=20)
    assert result.globals["seen"] == str(writable) and result.globals["y"] == 42
    assert not any(writable.rglob("*.mlc"))
    assert cache.cache_dir() == host_cache


def test_a_later_run_and_the_host_see_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("H10_PROBE", "host")
    first = mlpy.run('import env; env.set("H10_PROBE", "run"); env.set("H10_NEW", "1"); '
                     'a = env.get("H10_PROBE");', capabilities=["env"])
    assert first.globals["a"] == "run"
    assert os.environ["H10_PROBE"] == "host" and "H10_NEW" not in os.environ
    second = mlpy.run('import env; b = env.get("H10_PROBE"); c = env.has("H10_NEW");', capabilities=["env"])
    assert (second.globals["b"], second.globals["c"]) == ("host", False)


def test_host_calls_into_ml_see_the_runs_view(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("H10_CALL", raising=False)
    result = mlpy.run('import env; env.set("H10_CALL", "mine"); function peek() { return env.get("H10_CALL"); }',
                      capabilities=["env"])
    assert result.globals["peek"]() == "mine"
    assert "H10_CALL" not in os.environ


def test_settings_are_read_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MLPY_CACHE_DIR", str(tmp_path / "a"))
    os.environ["MLPY_CACHE_DIR"] = str(tmp_path / "b")  # a change behind mlpy's back is not seen...
    assert cache.cache_dir() == tmp_path / "a"
    settings.reload()  # ...until the host asks for it
    assert cache.cache_dir() == tmp_path / "b"
    with pytest.raises(KeyError, match="PATH is not an mlpy setting"):
        settings.get("PATH")


def test_env_all_shows_the_runs_view(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("H10_ALL", "host")
    out = io.StringIO()
    mlpy.run('import env; env.set("H10_ALL", "run"); env.set("H10_X", "1"); env.delete("H10_ALL"); '
             'a = env.all(); print(a.H10_X, a.H10_ALL);', capabilities=["env:H10_ALL", "env:H10_X"], stdout=out)
    assert out.getvalue() == "1 null\n"
