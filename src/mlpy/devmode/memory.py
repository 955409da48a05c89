"""Memory figures for ``.memreport`` that the registry's report does not carry (SPEC §5).

The registry measures each module (``registry_perf``: tracemalloc-retained bytes and deep size); this
module adds the process-wide figure the REPL shows under the table (RSS) and the one size format
used by every memory message.
"""

from __future__ import annotations


def process_rss() -> int | None:
    """The resident set size of this process in bytes (psutil), or None when it is unavailable."""
    try:
        import psutil
    except ImportError:
        return None
    return int(psutil.Process().memory_info().rss)


def format_size(size_bytes: float) -> str:
    """``512.0 KB`` below one megabyte, ``12.34 MB`` from one megabyte up."""
    if size_bytes >= 1024 * 1024:
        return f"{size_bytes / (1024 * 1024):.2f} MB"
    return f"{size_bytes / 1024:.1f} KB"


__all__ = ["format_size", "process_rss"]
