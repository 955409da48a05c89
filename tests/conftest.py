"""Fixtures shared by every test folder.

- ``run_ml(source, **options) -> Outcome``: run ML source through the embedding API with its output
  captured; the outcome holds what was printed, the top-level variables and the ``MLError`` (not
  raised, so a test can assert on output kept before an error).
- ``ml_project(files, toml=None) -> Path``: a temporary project folder with the given files (relative
  paths, folders created) and, when ``toml`` is given, an ``mlpy.toml`` holding it.
- ``grants(*strings) -> Grants``: grants built the way every entry point builds them.
- ``beside_a_busy_run(call, loops) -> (results, busy_output)``: calls ``call()`` repeatedly (at least
  five times) while another thread runs a loop of ``loops`` iterations with ``max_steps`` just above
  what it needs, so any step charged to it from outside fails it (the failure is re-raised here).
- (autouse) mlpy reads its settings (``MLPY_CACHE_DIR`` ...) once; a test that changes one with
  ``monkeypatch.setenv``/``delenv`` gets them re-read, and the next test starts from the real ones.

A folder's own ``conftest.py`` adds what only that folder needs.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import mlpy
from mlpy.errors import MLError


@dataclass
class Outcome:
    """What one run left: printed text, top-level variables, and the error that ended it (if any)."""

    out: str
    globals: dict[str, Any] = field(default_factory=dict)
    error: MLError | None = None

    @property
    def lines(self) -> list[str]:
        """The printed text, line by line."""
        return self.out.splitlines()


def run_source(source: str, **options: Any) -> Outcome:
    """Run ``source`` with ``mlpy.run`` (keyword options as there), capturing the output."""
    out = io.StringIO()
    try:
        result = mlpy.run(source, stdout=out, **options)
    except MLError as exc:
        return Outcome(out.getvalue(), {}, exc)
    return Outcome(out.getvalue(), result.globals, None)


@pytest.fixture
def run_ml() -> Callable[..., Outcome]:
    """``run_ml(source, **options) -> Outcome`` (options of ``mlpy.run``; ``stdout`` is captured)."""
    return run_source


@pytest.fixture
def ml_project(tmp_path: Path) -> Callable[..., Path]:
    """``ml_project({"main.ml": "...", "lib/util.ml": "..."}, toml="[mlpy]\\n...") -> folder``."""

    def make(files: Mapping[str, str] | None = None, toml: str | None = None) -> Path:
        root = tmp_path / "project"
        root.mkdir(exist_ok=True)
        for name, text in (files or {}).items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        if toml is not None:
            (root / "mlpy.toml").write_text(toml, encoding="utf-8")
        return root

    return make


@pytest.fixture
def grants() -> Callable[..., Any]:
    """``grants("read:/data", "deny-net") -> Grants`` through the engine's one grant factory."""
    from mlpy.engine.options import make_grants

    def make(*strings: str) -> Any:
        return make_grants(list(strings))

    return make


def _beside_a_busy_run(call: Callable[[], Any], loops: int) -> tuple[list[Any], str]:
    started, done = threading.Event(), threading.Event()
    errors: list[BaseException] = []
    busy_out = io.StringIO()

    def busy() -> None:
        started.set()
        try:
            mlpy.run(f"for (i in range({loops})) {{ }}", max_steps=loops + 10, timeout=60, stdout=busy_out)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test's thread
            errors.append(exc)
        done.set()

    thread = threading.Thread(target=busy)
    thread.start()
    started.wait(5)
    results = []
    while not done.is_set() or len(results) < 5:
        results.append(call())
    thread.join(60)
    if errors:
        raise errors[0]
    return results, busy_out.getvalue()


@pytest.fixture
def beside_a_busy_run() -> Callable[[Callable[[], Any], int], tuple[list[Any], str]]:
    return _beside_a_busy_run


@pytest.fixture(autouse=True)
def _settings_follow_monkeypatch(monkeypatch: pytest.MonkeyPatch) -> Any:
    """``mlpy.settings`` is read once per process; re-read it when a test changes the environment
    through ``monkeypatch`` (and after the test, once the change is undone)."""
    from mlpy import settings

    for name in ("setenv", "delenv"):
        original = getattr(monkeypatch, name)

        def changed(*args: Any, _original: Any = original, **kwargs: Any) -> None:
            _original(*args, **kwargs)
            settings.reload()

        setattr(monkeypatch, name, changed)
    yield
    monkeypatch.undo()
    settings.reload()
