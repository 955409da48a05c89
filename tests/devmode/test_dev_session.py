"""Development mode as a session sees it: state shared through the registry, the start-up banner,
the reference implementation's internal names, and refresh reporting what it reloaded."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from mlpy.cli.repl import MLREPLSession
from mlpy.devmode import messages
from mlpy.modules.registry import ModuleRegistry, get_registry, reset_registry


@pytest.fixture(autouse=True)
def fresh_registry(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("MLPY_DEV_MODE", raising=False)
    reset_registry()
    yield
    reset_registry()


def test_sessions_and_hosts_share_the_registrys_dev_mode() -> None:
    first, second = MLREPLSession(security_enabled=False), MLREPLSession(security_enabled=False)
    assert first.toggle_dev_mode() == (True, messages.DEV_MODE_ENABLED)
    assert second.dev_mode and second.get_performance_summary()[0] is True
    get_registry().disable_performance_mode()  # a host switches it off directly
    assert second.get_performance_summary() == (False, messages.PERF_NOT_ENABLED)
    assert "not enabled" in messages.PERF_NOT_ENABLED
    assert second.toggle_dev_mode()[0] is True


def test_env_banner_is_one_line_and_timings_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLPY_DEV_MODE", "1")
    notices: list[str] = []
    session = MLREPLSession(security_enabled=False, notify=notices.append)
    assert notices == [messages.dev_mode_banner(False)]
    assert "\n" not in notices[0]
    assert session.dev_mode and not session.registry.memory_tracing


def test_a_registry_created_under_the_env_variable_records_timings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLPY_DEV_MODE", "1")
    registry = ModuleRegistry()
    assert (registry.performance_mode, registry.memory_tracing, registry._performance_mode) == (True, False, True)
    monkeypatch.setenv("MLPY_DEV_MODE", "trace")
    traced = ModuleRegistry()
    assert traced.memory_tracing
    traced.disable_performance_mode()


def test_record_timing_takes_seconds_and_warns_about_slow_loads(caplog: pytest.LogCaptureFixture) -> None:
    registry = ModuleRegistry()
    registry._record_timing("load", "ignored", 0.5)  # off: nothing is recorded
    assert registry.get_performance_summary()["total_loads"] == 0
    registry.enable_performance_mode()
    with caplog.at_level(logging.WARNING, logger="mlpy.modules"):
        registry._record_timing("load", "slow_module", 0.15)
    summary = registry.get_performance_summary()
    assert summary["slowest_loads"] == [("slow_module", 150.0)]
    assert any(record.getMessage().startswith("Slow module load: slow_module took 150.0 ms")
               for record in caplog.records)
    with pytest.raises(ValueError, match="unknown timing kind 'parse'"):
        registry._record_timing("parse", "x", 0.1)


def test_refresh_reports_every_module_it_reloaded() -> None:
    registry = ModuleRegistry()
    registry.get_module("math")
    registry.get_module("json")
    report = registry.refresh_all()
    assert report["reload_details"] == {"json": True, "math": True}
    assert (report["reloaded_modules"], report["reload_failures"]) == (2, 0)
    assert report["total_modules"] >= 16
