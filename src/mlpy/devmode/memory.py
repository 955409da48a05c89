"""Memory figures for ``.memreport`` that the registry's report does not carry.

The registry measures each module (``mlpy.modules.monitor``: tracemalloc-retained bytes and deep
size); this module holds the one size format used by every memory message (the process RSS comes from the
one RSS helper, ``mlpy.runtime.limits.process_rss_bytes``).
"""

from __future__ import annotations


def format_size(size_bytes: float) -> str:
    """``512.0 KB`` below one megabyte, ``12.34 MB`` from one megabyte up."""
    if size_bytes >= 1024 * 1024:
        return f"{size_bytes / (1024 * 1024):.2f} MB"
    return f"{size_bytes / 1024:.1f} KB"


__all__ = ["format_size"]
