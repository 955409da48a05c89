"""``EnvironmentView``: a run's environment, the host's variables under the run's own changes."""

from __future__ import annotations

import os

import pytest

from mlpy.runtime.context import ExecutionContext
from mlpy.runtime.environ import EnvironmentView


def test_reads_fall_through_writes_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("H10_VIEW", "host")
    monkeypatch.delenv("H10_GONE", raising=False)
    view = EnvironmentView()
    assert view.get("H10_VIEW") == "host" and view.get("H10_GONE") is None
    view.set("H10_VIEW", "mine")
    view.set("H10_GONE", "new")
    assert (view.get("H10_VIEW"), view.get("H10_GONE")) == ("mine", "new")
    assert os.environ["H10_VIEW"] == "host" and "H10_GONE" not in os.environ
    view.delete("H10_VIEW")
    assert view.get("H10_VIEW") is None and "H10_VIEW" not in dict(view.items())
    assert dict(view.items())["H10_GONE"] == "new"
    assert view.changed == {"H10_VIEW": None, "H10_GONE": "new"}
    monkeypatch.setenv("H10_VIEW", "host again")  # the run's deletion still wins
    assert view.get("H10_VIEW") is None


def test_host_changes_show_through_unchanged_names(monkeypatch: pytest.MonkeyPatch) -> None:
    view = EnvironmentView()
    monkeypatch.setenv("H10_LATE", "1")
    assert view.get("H10_LATE") == "1"
    items = view.items()
    assert items == sorted(items)


def test_every_context_has_its_own_view() -> None:
    first, second = ExecutionContext(), ExecutionContext()
    first.environ.set("H10_CTX", "a")
    assert second.environ.get("H10_CTX") is None
