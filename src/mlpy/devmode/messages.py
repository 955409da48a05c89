"""The exact wording of the development-mode messages, kept in one place.

Existing tools and users match on these words (``ENABLED``, ``✓ Reloaded module:``, ``Reloaded k/n
modules``, ``Performance Summary`` ...), so they are written once here and tested word for word. Each
function turns a registry report into the multi-line text the REPL prints.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from mlpy.devmode.memory import format_size
from mlpy.runtime.limits import process_rss_bytes

DEV_MODE_ENABLED = (
    "Development mode ENABLED (load timings)\n"
    "  performance monitoring: on (.perfmon)\n"
    "  allocation tracing: off - .memreport shows deep sizes and RSS "
    "(.devmode trace or .memreport --trace to trace allocations)\n"
    "  hot reload: .reload NAME, .reloadall, .refresh, .watch"
)
DEV_MODE_ENABLED_TIMINGS = DEV_MODE_ENABLED
DEV_MODE_ENABLED_TRACE = (
    "Development mode ENABLED (load timings + allocation tracing)\n"
    "  performance monitoring: on (.perfmon)\n"
    "  allocation tracing: on (tracemalloc: every allocation and module load is slower;"
    " .devmode on to stop tracing)\n"
    "  hot reload: .reload NAME, .reloadall, .refresh, .watch"
)
TRACING_STARTED = ("Allocation tracing is now on (tracemalloc; loads are slower until .devmode on): "
                   "retained bytes are measured for modules loaded or reloaded from now on")


def dev_mode_banner(traced: bool) -> str:
    """The one line shown when ``MLPY_DEV_MODE`` switched development mode on at start-up."""
    level = "load timings + allocation tracing" if traced else "load timings"
    return f"Development mode on (MLPY_DEV_MODE): {level}; .perfmon, .memreport, .devmode off to stop"


DEV_MODE_DISABLED = "Development mode DISABLED\n  performance monitoring: off"
RELOAD_USAGE = "Usage: .reload <module>\nExample: .reload math"
PERF_NOT_ENABLED = "Performance monitoring not enabled. Use .devmode to enable it."
NO_MODULES_LOADED = "No modules currently loaded"


def module_not_found(name: str) -> str:
    """``Module 'x' not found``."""
    return f"Module '{name}' not found"


def reload_ok(name: str, ms: float) -> str:
    """``✓ Reloaded module: x (N ms)``."""
    return f"✓ Reloaded module: {name} ({ms:.1f} ms)"


def reload_failed(name: str, error_text: str) -> str:
    """``✗ Failed to reload x:`` followed by the positioned error, indented."""
    body = "\n".join("  " + line for line in error_text.splitlines())
    return f"✗ Failed to reload {name}:\n{body}"


def watch_notice_ok(name: str, ms: float) -> str:
    """The one line ``.watch`` prints after a successful automatic reload."""
    return f"↻ {name} reloaded in {ms:.0f} ms"


def watch_notice_failed(name: str, error_text: str) -> str:
    """The ``.watch`` notice for a failed automatic reload (the old version stays live)."""
    first, _, rest = error_text.partition("\n")
    text = f"✗ {name} reload failed (old version kept): {first}"
    return text + ("\n" + rest if rest else "")


def reload_all(results: Mapping[str, bool]) -> tuple[bool, str]:
    """``Reloaded k/n modules`` with one line per module, or ``No modules currently loaded`` (an
    answer, not a failure: nothing needed reloading)."""
    if not results:
        return True, NO_MODULES_LOADED
    ok = sorted(name for name, success in results.items() if success)
    failed = sorted(name for name, success in results.items() if not success)
    lines = [f"Reloaded {len(ok)}/{len(results)} modules"]
    lines += [f"  ✓ {name}" for name in ok]
    lines += [f"  ✗ {name}" for name in failed]
    return not failed, "\n".join(lines)


def refresh(report: Mapping[str, Any]) -> str:
    """``Refreshed module list`` with ``Total modules: N`` and what was reloaded."""
    lines = ["Refreshed module list", f"Total modules: {report.get('total_modules', 0)}"]
    reloaded = report.get("reloaded_modules", [])
    failures = report.get("reload_failures", [])
    if isinstance(reloaded, int):
        lines.append(f"Reloaded modules: {reloaded}")
    elif reloaded:
        lines.append("Reloaded modules: " + ", ".join(sorted(map(str, reloaded))))
    if isinstance(failures, int):
        if failures:
            lines.append(f"Reload failures: {failures}")
    elif failures:
        lines.append("Reload failures: " + ", ".join(sorted(map(str, failures))))
    return "\n".join(lines)


def performance_summary(summary: Mapping[str, Any]) -> str:
    """``Performance Summary``: scans, loads, average load time, slowest loads, reload counts."""
    lines = [
        "Performance Summary",
        "===================",
        f"Total scans: {summary.get('total_scans', 0)}",
        f"Avg scan time: {float(summary.get('avg_scan_time_ms', 0.0)):.2f} ms",
        f"Total loads: {summary.get('total_loads', 0)}",
        f"Avg load time: {float(summary.get('avg_load_time_ms', 0.0)):.2f} ms",
        "Slowest loads:",
    ]
    slowest = list(summary.get("slowest_loads") or [])
    if slowest:
        lines += [f"  {name:<24} {float(ms):8.2f} ms" for name, ms in slowest]
    else:
        lines.append("  (none)")
    counts: Mapping[str, int] = summary.get("reload_counts") or {}
    lines.append("Reload counts:")
    if counts:
        lines += [f"  {name:<24} {count}" for name, count in sorted(counts.items())]
    else:
        lines.append("  (none)")
    return "\n".join(lines)


def memory_report(report: Mapping[str, Any]) -> tuple[bool, str]:
    """``Memory Report``: loaded-module count, total in MB, the top modules in KB/MB, process RSS."""
    modules = list(report.get("modules") or [])
    total_loaded = int(report.get("total_loaded", len(modules)) or 0)
    if total_loaded == 0 and not modules:
        return True, NO_MODULES_LOADED  # an answer, not a failure
    total_mb = float(report.get("total_size_mb", float(report.get("total_size_kb", 0.0)) / 1024))
    lines = [
        "Memory Report",
        "=============",
        f"Total loaded modules: {total_loaded}",
        f"Total memory: {total_mb:.2f} MB",
        "Top modules by size:",
    ]
    for entry in modules[:10]:
        size = float(entry.get("size_bytes", float(entry.get("size_kb", 0.0)) * 1024))
        lines.append(f"  {entry.get('name', '?'):<24} {format_size(size):>12}{_size_detail(entry)}")
    rss_mb = report.get("process_rss_mb")
    rss = float(rss_mb) * 1024 * 1024 if rss_mb else process_rss_bytes()
    if rss:
        lines.append(f"Process RSS: {format_size(float(rss))}")
    if any("retained_bytes" in entry and entry["retained_bytes"] is None for entry in modules[:10]):
        lines.append(NOT_TRACED_NOTE)
    return True, "\n".join(lines)


MEMREPORT_USAGE = "Usage: .memreport [--trace]"


def memory_command(registry: Any, argument: str, start_tracing: Callable[[], None]) -> tuple[bool, str]:
    """``.memreport [--trace]`` against ``registry``: ``--trace`` calls ``start_tracing`` first
    (unless tracing is on already) and the answer starts by saying that tracing is now on."""
    word = argument.strip()
    if word not in ("", "--trace"):
        return False, MEMREPORT_USAGE
    notes: list[str] = []
    if word == "--trace" and not registry.memory_tracing:
        start_tracing()
        notes.append(TRACING_STARTED)
    ok, text = memory_report(registry.get_memory_report())
    return ok or bool(notes), "\n".join([*notes, text])


NOT_TRACED_NOTE = ("Retained bytes not traced (allocation tracing is off; sizes are deep sizes): "
                   ".memreport --trace, then reload, to trace them")


def _size_detail(entry: Mapping[str, Any]) -> str:
    """``   retained 10.2 MB   deep 11.0 MB`` when the report has both figures for the module."""
    if "retained_bytes" not in entry and "deep_size_bytes" not in entry:
        return ""
    retained = entry.get("retained_bytes")
    parts = ["retained " + (format_size(float(retained)) if retained is not None else "not traced")]
    if entry.get("deep_size_bytes") is not None:
        parts.append("deep " + format_size(float(entry["deep_size_bytes"])))
    return "   " + "   ".join(parts)


__all__ = [
    "DEV_MODE_DISABLED",
    "DEV_MODE_ENABLED",
    "DEV_MODE_ENABLED_TIMINGS",
    "DEV_MODE_ENABLED_TRACE",
    "NOT_TRACED_NOTE",
    "MEMREPORT_USAGE",
    "NO_MODULES_LOADED",
    "PERF_NOT_ENABLED",
    "RELOAD_USAGE",
    "TRACING_STARTED",
    "dev_mode_banner",
    "memory_command",
    "memory_report",
    "module_not_found",
    "performance_summary",
    "refresh",
    "reload_all",
    "reload_failed",
    "reload_ok",
    "watch_notice_failed",
    "watch_notice_ok",
]
