"""Small facts about files on disk that loading and reloading need: a line's text, an mtime."""

from __future__ import annotations

from pathlib import Path

from mlpy.language.diagnostics import source_line_at


def file_line(filename: str | Path, line: int | None) -> str | None:
    """Line ``line`` (1-based) of the UTF-8 file ``filename``, or None when it cannot be read."""
    if line is None:
        return None
    try:
        text = Path(filename).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    return source_line_at(text, line)


def mtime(path: Path) -> int | None:
    """The modification time of ``path`` in ns, or None when it is gone."""
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


__all__ = ["file_line", "mtime"]
