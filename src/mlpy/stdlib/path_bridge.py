"""The ML ``path`` module: path strings, directory listing and directory creation/removal.

Pure string functions (``join``, ``dirname``, ``basename``, ``extname``, ``split``, ``normalize``,
``relative``, ``isAbsolute``, ``separator``, ``delimiter``) touch nothing. ``cwd``, ``home`` and
``tempDir`` reveal where the host runs, so each needs a read grant covering the folder it returns
(as in Deno); so do ``absolute`` of a relative path and ``relative`` between a relative and an
absolute path, which reveal the working directory. A refusal never names the folder itself: it
advises a grant of ``.`` or ``~``, or for ``tempDir`` of ``<temporary directory>``, the folder named
by TMPDIR, TEMP or TMP, else the system's default.

``exists``, ``isFile`` and ``isDirectory`` declare no capability (as in the standard library list)
but require the **read** grant for the resolved path, like ``file.exists``: an ungranted program
must not probe the host's file system. ``listDir``, ``glob`` and ``walk`` need read of the directory
(``glob`` and ``walk`` skip entries whose real directory is not readable, so a symlink inside a granted
directory does not list what it points to). ``createDir``, ``removeDir``, ``removeDirRecursive`` need
write of the resolved directory; ``removeDirRecursive`` never follows symlinks.
"""

from __future__ import annotations

import os as _os
import shutil as _shutil
import tempfile as _tempfile

from mlpy.errors import MLCapabilityError
from mlpy.language.advice import grant_advice
from mlpy.modules.bridge_support import (
    allowed,
    expect_bool,
    expect_int,
    expect_str,
    is_kind,
    os_error,
    require_path,
    stat_granted,
)
from mlpy.modules.decorators import ml_function, ml_module
from mlpy.runtime.capabilities import current_front_end

_MAX_ENTRIES = 100_000


_TEMP_DIR = "<temporary directory>"
"""How a refusal of ``path.tempDir`` names the folder to grant. The grant parser expands ``~`` but
no environment variable, so the real folder cannot be spelled symbolically, and naming it would
reveal it: the refusal says which folder is meant (``_TEMP_DIR_IS``) and grants a placeholder."""

_TEMP_DIR_IS = " (the folder named by TMPDIR, TEMP or TMP, else the system's default)"


def _revealed(function: str, folder: str, what: str, spelling: str, which: str = "") -> str:
    """``folder`` (the working, home or temporary directory, or a path built on it) once a read
    grant covers it; the refusal says what would be revealed without revealing it, and how the
    run's front end grants it (``spelling`` names the folder in a grant that works: ``.``, ``~``,
    or a placeholder that ``which`` explains)."""
    if not allowed("read", folder):
        advice = grant_advice("read", spelling, current_front_end())
        raise MLCapabilityError(f"{function}: revealing {what} needs a read grant covering it{which}. {advice}")
    return folder


def _glob_root(pattern: str) -> str:
    """The directory before the first wildcard of a glob pattern."""
    fixed: list[str] = []
    for part in pattern.split(_os.sep):
        if any(ch in part for ch in "*?["):
            break
        fixed.append(part)
    else:
        fixed = fixed[:-1]
    root = _os.sep.join(fixed)
    if not root:
        return _os.sep if pattern.startswith(_os.sep) else "."
    return root


@ml_module(
    name="path",
    description="Path manipulation and directory operations",
    capabilities=["path.read", "path.write"],
    version="1.0.0",
)
class PathModule:
    """Path strings and directories; listing and changes need the read/write grants."""

    @ml_function(description="Join path parts with the separator", capabilities=[])
    def join(self, *parts: str) -> str:
        if not parts:
            return ""
        texts = [expect_str("path.join", f"parts[{i}]", p) for i, p in enumerate(parts)]
        return _os.path.join(*texts)

    @ml_function(description="The directory part of a path", capabilities=[])
    def dirname(self, path: str) -> str:
        return _os.path.dirname(expect_str("path.dirname", "path", path))

    @ml_function(description="The last part of a path", capabilities=[])
    def basename(self, path: str) -> str:
        return _os.path.basename(expect_str("path.basename", "path", path))

    @ml_function(description="The extension with its dot ('.txt'), or ''", capabilities=[])
    def extname(self, path: str) -> str:
        return _os.path.splitext(expect_str("path.extname", "path", path))[1]

    @ml_function(description="[directory, last part] of a path", capabilities=[])
    def split(self, path: str) -> list[str]:
        return list(_os.path.split(expect_str("path.split", "path", path)))

    @ml_function(description="The absolute form of a path (no symlink resolution)", capabilities=[])
    def absolute(self, path: str) -> str:
        text = expect_str("path.absolute", "path", path)
        result = _os.path.abspath(text)
        if _os.path.isabs(text):
            return result
        return _revealed("path.absolute", result, "the working directory", ".")

    @ml_function(description="A path with '.', '..' and repeated separators collapsed", capabilities=[])
    def normalize(self, path: str) -> str:
        return _os.path.normpath(expect_str("path.normalize", "path", path))

    @ml_function(description="to_path relative to from_path", capabilities=[])
    def relative(self, from_path: str, to_path: str) -> str:
        start = expect_str("path.relative", "from_path", from_path)
        target = expect_str("path.relative", "to_path", to_path)
        if _os.path.isabs(start) != _os.path.isabs(target):  # the answer depends on the cwd
            _revealed("path.relative", _os.getcwd(), "the working directory", ".")
        try:
            return _os.path.relpath(target, start or ".")
        except ValueError as exc:
            raise ValueError(f"path.relative: {exc}") from None

    @ml_function(description="Whether a path exists (needs the read grant for it)", capabilities=[])
    def exists(self, path: str) -> bool:
        return stat_granted("path.exists", path) is not None

    @ml_function(description="Whether a path is a regular file (needs the read grant)", capabilities=[])
    def isFile(self, path: str) -> bool:  # noqa: N802 - ML name
        return is_kind("path.isFile", path, directory=False)

    @ml_function(description="Whether a path is a directory (needs the read grant)", capabilities=[])
    def isDirectory(self, path: str) -> bool:  # noqa: N802 - ML name
        return is_kind("path.isDirectory", path, directory=True)

    @ml_function(description="Whether a path is absolute", capabilities=[])
    def isAbsolute(self, path: str) -> bool:  # noqa: N802 - ML name
        return _os.path.isabs(expect_str("path.isAbsolute", "path", path))

    @ml_function(description="The names in a directory, sorted", capabilities=["path.read"])
    def listDir(self, dir_path: str = ".") -> list[str]:  # noqa: N802 - ML name
        resolved = require_path("read", dir_path, "path.listDir", "dir_path")
        try:
            return sorted(_os.listdir(resolved))
        except OSError as exc:
            raise os_error("path.listDir", dir_path, exc) from None

    @ml_function(description="Paths matching a glob pattern (** matches any depth), sorted",
                 capabilities=["path.read"])
    def glob(self, pattern: str) -> list[str]:
        import glob as _pyglob

        text = expect_str("path.glob", "pattern", pattern)
        require_path("read", _glob_root(text), "path.glob", "pattern")
        results: list[str] = []
        for found in _pyglob.iglob(text, recursive=True):
            parent = _os.path.dirname(_os.path.abspath(found)) or _os.sep
            if allowed("read", parent):
                results.append(found)
            if len(results) > _MAX_ENTRIES:
                raise ValueError(f"path.glob: more than {_MAX_ENTRIES} matches")
        return sorted(results)

    @ml_function(description="Every file below a directory (paths relative to it, sorted); max_depth "
                             "levels of folders (0: the directory itself, -1: all)",
                 capabilities=["path.read"])
    def walk(self, dir_path: str, max_depth: int = -1) -> list[str]:
        root = expect_str("path.walk", "dir_path", dir_path)
        resolved = require_path("read", root, "path.walk", "dir_path")
        depth_limit = expect_int("path.walk", "max_depth", max_depth)
        if not _os.path.isdir(resolved):
            raise ValueError(f"path.walk: not a directory: '{root}'")
        results: list[str] = []
        for current, dirs, files in _os.walk(resolved, followlinks=False):
            relative = _os.path.relpath(current, resolved)
            depth = 0 if relative == "." else relative.count(_os.sep) + 1
            if 0 <= depth_limit <= depth:
                dirs.clear()
            else:
                dirs[:] = sorted(d for d in dirs if allowed("read", _os.path.join(current, d)))
            results.extend(_os.path.normpath(_os.path.join(relative, name)) for name in files)
            if len(results) > _MAX_ENTRIES:
                raise ValueError(f"path.walk: more than {_MAX_ENTRIES} entries")
        return sorted(results)

    @ml_function(description="Create a directory (and its parents unless parents is false)",
                 capabilities=["path.write"])
    def createDir(self, dir_path: str, parents: bool = True) -> None:  # noqa: N802 - ML name
        resolved = require_path("write", dir_path, "path.createDir", "dir_path")
        make_parents = expect_bool("path.createDir", "parents", parents)
        try:
            if make_parents:
                _os.makedirs(resolved, exist_ok=True)
            else:
                _os.mkdir(resolved)
        except OSError as exc:
            raise os_error("path.createDir", dir_path, exc) from None

    @ml_function(description="Remove an empty directory", capabilities=["path.write"])
    def removeDir(self, dir_path: str) -> None:  # noqa: N802 - ML name
        resolved = require_path("write", dir_path, "path.removeDir", "dir_path")
        try:
            _os.rmdir(resolved)
        except OSError as exc:
            raise os_error("path.removeDir", dir_path, exc) from None

    @ml_function(description="Remove a directory and everything in it (symlinks are not followed)",
                 capabilities=["path.write"])
    def removeDirRecursive(self, dir_path: str) -> None:  # noqa: N802 - ML name
        text = expect_str("path.removeDirRecursive", "dir_path", dir_path)
        resolved = require_path("write", text, "path.removeDirRecursive", "dir_path")
        if resolved == _os.sep:
            raise ValueError("path.removeDirRecursive: refusing to remove the root directory")
        if not _os.path.isdir(resolved):
            raise ValueError(f"path.removeDirRecursive: not a directory: '{text}'")
        try:
            _shutil.rmtree(resolved)
        except OSError as exc:
            raise os_error("path.removeDirRecursive", text, exc) from None

    @ml_function(description="The current working directory (needs a read grant covering it)", capabilities=[])
    def cwd(self) -> str:
        return _revealed("path.cwd", _os.getcwd(), "the working directory", ".")

    @ml_function(description="The user's home directory (needs a read grant covering it)", capabilities=[])
    def home(self) -> str:
        return _revealed("path.home", _os.path.expanduser("~"), "the home directory", "~")

    @ml_function(description="The system temporary directory (needs a read grant covering it)", capabilities=[])
    def tempDir(self) -> str:  # noqa: N802 - ML name
        return _revealed("path.tempDir", _tempfile.gettempdir(), "the temporary directory", _TEMP_DIR,
                         _TEMP_DIR_IS)

    @ml_function(description="The path separator ('/' or '\\\\')", capabilities=[])
    def separator(self) -> str:
        return _os.sep

    @ml_function(description="The PATH list delimiter (':' or ';')", capabilities=[])
    def delimiter(self) -> str:
        return _os.pathsep


path = PathModule()
