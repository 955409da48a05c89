"""The exact wording of development-mode messages (existing tools match on these words)."""

from __future__ import annotations

from mlpy.devmode import messages
from mlpy.devmode.memory import format_size


def test_fixed_messages() -> None:
    assert "ENABLED" in messages.DEV_MODE_ENABLED
    assert "DISABLED" in messages.DEV_MODE_DISABLED
    assert messages.RELOAD_USAGE.splitlines() == ["Usage: .reload <module>", "Example: .reload math"]
    assert messages.PERF_NOT_ENABLED == "Performance monitoring not enabled. Use .devmode to enable it."
    assert messages.module_not_found("x") == "Module 'x' not found"


def test_reload_messages() -> None:
    assert messages.reload_ok("greet", 12.345) == "✓ Reloaded module: greet (12.3 ms)"
    assert messages.reload_failed("greet", "f.py:3:5: SyntaxError: bad\n    x(\n      ^") == (
        "✗ Failed to reload greet:\n  f.py:3:5: SyntaxError: bad\n      x(\n        ^")
    assert messages.watch_notice_ok("greet", 12.4) == "↻ greet reloaded in 12 ms"
    assert messages.watch_notice_failed("greet", "f.py:1:1: SyntaxError: bad") == (
        "✗ greet reload failed (old version kept): f.py:1:1: SyntaxError: bad")


def test_reload_all_and_refresh() -> None:
    assert messages.reload_all({}) == (True, "No modules currently loaded")
    assert messages.reload_all({"b": True, "a": True}) == (True, "Reloaded 2/2 modules\n  ✓ a\n  ✓ b")
    assert messages.refresh({"total_modules": 14, "reloaded_modules": 2, "reload_failures": 1}) == (
        "Refreshed module list\nTotal modules: 14\nReloaded modules: 2\nReload failures: 1")
    assert messages.refresh({"total_modules": 3, "reloaded_modules": 0, "reload_failures": 0}) == (
        "Refreshed module list\nTotal modules: 3\nReloaded modules: 0")


def test_performance_summary_table() -> None:
    text = messages.performance_summary({
        "total_scans": 2, "avg_scan_time_ms": 1.5, "total_loads": 3, "avg_load_time_ms": 4.25,
        "slowest_loads": [("big", 9.0), ("small", 1.0)], "reload_counts": {"big": 2},
    })
    assert text.splitlines() == [
        "Performance Summary", "===================", "Total scans: 2", "Avg scan time: 1.50 ms",
        "Total loads: 3", "Avg load time: 4.25 ms", "Slowest loads:",
        "  big                          9.00 ms", "  small                        1.00 ms",
        "Reload counts:", "  big                      2",
    ]


def test_memory_report_sizes_in_kb_and_mb() -> None:
    ok, text = messages.memory_report({
        "total_loaded": 2, "total_size_mb": 10.5, "process_rss_mb": 100.0,
        "modules": [{"name": "big", "size_bytes": 11 * 1024 * 1024}, {"name": "tiny", "size_bytes": 2048}],
    })
    assert ok
    assert text.splitlines() == [
        "Memory Report", "=============", "Total loaded modules: 2", "Total memory: 10.50 MB",
        "Top modules by size:", "  big                          11.00 MB", "  tiny                           2.0 KB",
        "Process RSS: 100.00 MB",
    ]
    assert messages.memory_report({"total_loaded": 0, "modules": []}) == (True, "No modules currently loaded")


def test_format_size() -> None:
    assert format_size(512) == "0.5 KB"
    assert format_size(3 * 1024 * 1024) == "3.00 MB"


def test_memory_report_shows_retained_and_deep_sizes_and_untraced_modules() -> None:
    ok, text = messages.memory_report({
        "total_loaded": 2, "total_size_mb": 11.0, "process_rss_mb": 100.0,
        "modules": [
            {"name": "big", "size_bytes": 11 * 1024 * 1024, "retained_bytes": 10 * 1024 * 1024,
             "deep_size_bytes": 11 * 1024 * 1024},
            {"name": "tiny", "size_bytes": 2048, "retained_bytes": None, "deep_size_bytes": 2048},
        ],
    })
    assert ok
    assert text.splitlines() == [
        "Memory Report", "=============", "Total loaded modules: 2", "Total memory: 11.00 MB",
        "Top modules by size:",
        "  big                          11.00 MB   retained 10.00 MB   deep 11.00 MB",
        "  tiny                           2.0 KB   retained not traced   deep 2.0 KB",
        "Process RSS: 100.00 MB",
        messages.NOT_TRACED_NOTE,
    ]


def test_enabled_messages_say_whether_allocations_are_traced() -> None:
    text = messages.DEV_MODE_ENABLED
    assert text.splitlines()[0] == "Development mode ENABLED (load timings)"
    assert text.splitlines()[2].startswith("  allocation tracing: off")
    assert ".devmode trace" in text and ".memreport --trace" in text
    traced = messages.DEV_MODE_ENABLED_TRACE
    assert traced.splitlines()[0] == "Development mode ENABLED (load timings + allocation tracing)"
    assert traced.splitlines()[2].startswith("  allocation tracing: on (tracemalloc")
    assert messages.dev_mode_banner(False) == (
        "Development mode on (MLPY_DEV_MODE): load timings; .perfmon, .memreport, .devmode off to stop")
