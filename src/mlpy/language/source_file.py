"""Reading an ML program file: its text, or an error that names the file and what to do.

Every front end that runs a file by its path (``mlpy run``, ``mlpy.run_file``, ``mlpy batch``, the
debugger, a sandboxed run of a path) reads it here, so a file that cannot be read is reported the
same way everywhere: an unreadable file as an ``IOError`` naming it, text that is not UTF-8 as a
syntax error at the line and column of the first byte that is not, with the advice to save the
file as UTF-8 (Python's own message named neither the file nor the place).
"""

from __future__ import annotations

import os

from mlpy.errors import MLError, MLSyntaxError


def read_source(path: str | os.PathLike[str]) -> str:
    """The text of the ML file ``path`` (line ends as Python's text mode gives them: ``\\r\\n`` and
    ``\\r`` read as ``\\n``); ``MLError`` when it cannot be read, ``MLSyntaxError`` when it is not
    UTF-8."""
    filename = os.fspath(path)
    try:
        with open(filename, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise MLError(f"cannot read {filename}: {exc.strerror}", filename, kind="IOError") from None
    return decode_source(data, filename)


def decode_source(data: bytes, filename: str) -> str:
    """``data`` as ML source text, or the ``MLSyntaxError`` at the first byte that is not UTF-8."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        before = data[start:exc.start].decode("utf-8", errors="replace")
        end = data.find(b"\n", exc.start)
        shown = data[start:end if end >= 0 else len(data)]
        raise MLSyntaxError(
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x} cannot be read as UTF-8)",
            filename, line, len(before) + 1, source_line=shown.decode("utf-8", errors="replace").rstrip("\r"),
            hint="save the file with the UTF-8 encoding") from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


__all__ = ["decode_source", "read_source"]
