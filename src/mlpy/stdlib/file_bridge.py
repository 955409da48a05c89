"""The ML ``file`` module: reading and writing files, each call checked against the grants.

Every function resolves the path it is given (symlinks and ``..``) and checks the read or write grant
for that real path *inside the function*, then opens exactly the resolved path. Mapping:
``read/readBytes/readLines`` → read; ``write/writeBytes/writeLines/append/delete`` → write;
``copy`` → read of the source and write of the destination; ``move`` → read and write of the source
(it disappears) and write of the destination.

``exists``, ``size``, ``modifiedTime``, ``isFile`` and ``isDirectory`` declare no capability (as in the
standard library list) but still require the **read** grant for the path: whether a file exists and
how large it is are facts about the host that an untrusted program must not learn without a grant.

Byte data is an array of numbers 0-255. Failed operations raise a catchable ValueError naming the
function, the reason and the path as the program wrote it.
"""

from __future__ import annotations

import os as _os
import shutil as _shutil
from collections.abc import Callable
from typing import Any

from mlpy.modules.bridge_support import (
    allowed,
    bytes_to_ml,
    expect_list,
    expect_str,
    is_kind,
    ml_to_bytes,
    os_error,
    require_path,
    stat_granted,
)
from mlpy.modules.decorators import ml_function, ml_module
from mlpy.runtime.guards import charged


def _encoding(function: str, value: Any) -> str:
    name = expect_str(function, "encoding", value)
    import codecs

    try:
        codecs.lookup(name)
    except LookupError:
        raise ValueError(f"{function}: unknown encoding '{name}'") from None
    return name


def _read_text(function: str, path: Any, encoding: Any) -> str:
    resolved = require_path("read", path, function)
    codec = _encoding(function, encoding)
    try:
        with open(resolved, encoding=codec, newline="") as handle:
            return handle.read()
    except OSError as exc:
        raise os_error(function, path, exc) from None
    except UnicodeDecodeError as exc:
        raise ValueError(f"{function}: '{path}' is not valid {codec}: {exc.reason} at byte {exc.start}") from None


def _make_parents(function: str, path: Any, resolved: str) -> None:
    """Create the missing folders above ``resolved``, each one only if the write grant covers it
    (so a grant for ``/data/out`` lets ``file.write("/data/out/2024/a.txt", ...)`` create
    ``2024`` but never a folder outside ``/data/out``)."""
    missing: list[str] = []
    folder = _os.path.dirname(resolved)
    while folder and not _os.path.lexists(folder):
        missing.append(folder)
        parent = _os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    for folder in reversed(missing):
        if not allowed("write", folder):
            raise ValueError(f"{function}: no such folder: '{_os.path.dirname(str(path))}' (and the write "
                             "grant does not cover creating it)")
        try:
            _os.mkdir(folder)
        except FileExistsError:
            continue
        except OSError as exc:
            raise os_error(function, path, exc) from None


def _write(function: str, path: Any, data: bytes, append: bool = False) -> None:
    resolved = require_path("write", path, function)
    if not append:
        _make_parents(function, path, resolved)
    try:
        with open(resolved, "ab" if append else "wb") as handle:
            handle.write(data)
    except OSError as exc:
        raise os_error(function, path, exc) from None


def _encode(function: str, text: Any, encoding: Any, param: str = "content") -> bytes:
    content = expect_str(function, param, text)
    codec = _encoding(function, encoding)
    try:
        return content.encode(codec)
    except UnicodeEncodeError as exc:
        raise ValueError(f"{function}: cannot encode the text as {codec}: {exc.reason}") from None


def _transfer(function: str, source: Any, destination: Any, operation: Callable[[str, str], object], *,
              move: bool) -> None:
    """Copy or move one file: check the grants (moving deletes the source, so it needs the write grant
    on it too) and that the destination is not a folder, then ``operation(src, dst)``."""
    src = require_path("read", source, function, "source")
    if move:
        require_path("write", source, function, "source")
    dst = require_path("write", destination, function, "destination")
    if move and not _os.path.isfile(src):
        raise ValueError(f"{function}: no such file: '{source}'")
    if _os.path.isdir(dst):
        raise ValueError(f"{function}: is a directory: '{destination}'")
    try:
        operation(src, dst)
    except OSError as exc:
        raise os_error(function, source, exc) from None


@ml_module(
    name="file",
    description="File reading and writing (needs the read/write grants)",
    capabilities=["file.read", "file.write", "file.delete", "file.append"],
    version="1.0.0",
)
class FileModule:
    """Text and byte file operations, each checked against the current grants."""

    @ml_function(description="The text of a file", capabilities=["file.read"])
    def read(self, path: str, encoding: str = "utf-8") -> str:
        return _read_text("file.read", path, encoding)

    @ml_function(description="The bytes of a file as an array of numbers 0-255", capabilities=["file.read"])
    def readBytes(self, path: str) -> list[int]:  # noqa: N802 - ML name
        resolved = require_path("read", path, "file.readBytes")
        try:
            with open(resolved, "rb") as handle:
                return bytes_to_ml(handle.read())
        except OSError as exc:
            raise os_error("file.readBytes", path, exc) from None

    @ml_function(description="The lines of a text file, without line endings", capabilities=["file.read"])
    def readLines(self, path: str, encoding: str = "utf-8") -> list[str]:  # noqa: N802 - ML name
        return _read_text("file.readLines", path, encoding).splitlines()

    @ml_function(description="Write text to a file, replacing it", capabilities=["file.write"])
    def write(self, path: str, content: str, encoding: str = "utf-8") -> None:
        _write("file.write", path, _encode("file.write", content, encoding))

    @ml_function(description="Write an array of numbers 0-255 to a file", capabilities=["file.write"])
    def writeBytes(self, path: str, data: list) -> None:  # noqa: N802 - ML name
        _write("file.writeBytes", path, ml_to_bytes("file.writeBytes", "data", data))

    @ml_function(description="Write strings as lines (each ends with a newline)", capabilities=["file.write"])
    def writeLines(self, path: str, lines: list, encoding: str = "utf-8") -> None:  # noqa: N802
        require_path("write", path, "file.writeLines")  # refused before any work on the lines
        items = expect_list("file.writeLines", "lines", lines)
        for index, item in enumerate(charged(items)):
            expect_str("file.writeLines", f"lines[{index}]", item)
        text = "".join(f"{line}\n" for line in items)
        _write("file.writeLines", path, _encode("file.writeLines", text, encoding, "lines"))

    @ml_function(description="Add text at the end of a file (created if missing)",
                 capabilities=["file.append"])
    def append(self, path: str, content: str, encoding: str = "utf-8") -> None:
        _write("file.append", path, _encode("file.append", content, encoding), append=True)

    @ml_function(description="Whether a path exists (needs the read grant for it)", capabilities=[])
    def exists(self, path: str) -> bool:
        return stat_granted("file.exists", path) is not None

    @ml_function(description="Delete a file; false if it did not exist", capabilities=["file.delete"])
    def delete(self, path: str) -> bool:
        resolved = require_path("write", path, "file.delete")
        try:
            _os.remove(resolved)
        except FileNotFoundError:
            return False
        except OSError as exc:
            raise os_error("file.delete", path, exc) from None
        return True

    @ml_function(description="Copy a file", capabilities=["file.read", "file.write"])
    def copy(self, source: str, destination: str) -> None:
        _transfer("file.copy", source, destination, _shutil.copyfile, move=False)

    @ml_function(description="Move or rename a file", capabilities=["file.read", "file.write", "file.delete"])
    def move(self, source: str, destination: str) -> None:
        _transfer("file.move", source, destination, _shutil.move, move=True)

    @ml_function(description="Size of a file in bytes (needs the read grant)", capabilities=[])
    def size(self, path: str) -> int:
        info = stat_granted("file.size", path)
        if info is None:
            raise ValueError(f"file.size: no such file or directory: '{path}'")
        return info.st_size

    @ml_function(description="Last modification time as a Unix timestamp (needs the read grant)",
                 capabilities=[])
    def modifiedTime(self, path: str) -> float:  # noqa: N802 - ML name
        info = stat_granted("file.modifiedTime", path)
        if info is None:
            raise ValueError(f"file.modifiedTime: no such file or directory: '{path}'")
        return info.st_mtime

    @ml_function(description="Whether the path is a regular file (needs the read grant)", capabilities=[])
    def isFile(self, path: str) -> bool:  # noqa: N802 - ML name
        return is_kind("file.isFile", path, directory=False)

    @ml_function(description="Whether the path is a directory (needs the read grant)", capabilities=[])
    def isDirectory(self, path: str) -> bool:  # noqa: N802 - ML name
        return is_kind("file.isDirectory", path, directory=True)


file = FileModule()
