"""Where extension modules and ML modules are looked for: CLI flags, the project file, the environment.

Extension paths come, merged in this order, from ``-E/--extension-path``, the project
file (``mlpy.toml`` ``[mlpy] extension_paths`` or ``mlpy.json`` ``python_extension_paths``) and the
environment variable ``MLPY_EXTENSION_PATHS``; ML module paths likewise (``-M``, ``ml_module_paths``,
``MLPY_ML_MODULE_PATHS``). The project file is found by searching upward from the program's
directory, inside a trust boundary (``find_project_file``). Mistakes in configuration (unknown
keys, paths that do not exist) are warnings, never failures: a typo in a config file should not
stop a script from running.
"""

from __future__ import annotations

import os
import stat
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PROJECT_FILE_NAMES: tuple[str, ...] = ("mlpy.toml", "mlpy.json")
EXTENSION_PATHS_ENV = "MLPY_EXTENSION_PATHS"
ML_MODULE_PATHS_ENV = "MLPY_ML_MODULE_PATHS"

_TOML_KEYS = frozenset({"extension_paths", "ml_module_paths", "capabilities"})
_JSON_KEYS = frozenset({"python_extension_paths", "extension_paths", "ml_module_paths", "capabilities"})


class ConfigWarning(UserWarning):
    """A problem in a project file or a path setting that does not stop the program."""


@dataclass
class ProjectConfig:
    """What a project file says. ``capabilities`` is kept raw for the security layer to interpret."""

    path: Path | None = None
    extension_paths: list[str] = field(default_factory=list)
    ml_module_paths: list[str] = field(default_factory=list)
    capabilities: Any = None


_POSIX = hasattr(os, "geteuid")
VCS_MARKERS: tuple[str, ...] = (".git", ".hg", ".svn")
"""A folder holding one of these is a repository root: the project file search stops there."""


def find_project_file(start: str | os.PathLike[str]) -> Path | None:
    """The nearest trusted ``mlpy.toml`` or ``mlpy.json`` in ``start`` or a parent (toml first).

    A project file grants capabilities and adds extension paths (Python code), so the search stays
    inside what the user controls: it stops after the first folder that is a repository root
    (``.git``, ``.hg``, ``.svn``) or the user's home, and before any folder that others may write
    (group- or world-writable, such as ``/tmp``) -- such a folder is neither read nor crossed. A
    candidate is used only when it is a regular file (not a symlink) owned by the current user and
    writable by no one else; a candidate that fails this is warned about and ends the search.
    """
    from mlpy import settings

    directory = Path(start).resolve()
    if directory.is_file():
        directory = directory.parent
    home = settings.home().resolve()
    for folder in (directory, *directory.parents):
        try:
            info = os.stat(folder)
        except OSError:
            return None
        if _POSIX and info.st_mode & 0o022:  # others may write here: plant a file, or swap a folder
            for file_name in PROJECT_FILE_NAMES if folder == directory else ():
                if os.path.lexists(folder / file_name):  # the program's own folder: say why
                    _warn(f"{folder / file_name} ignored: its folder is writable by other users")
            return None
        for file_name in PROJECT_FILE_NAMES:
            candidate = folder / file_name
            problem = _untrusted(candidate)
            if problem == "":
                return candidate
            if problem is not None:
                _warn(f"{candidate} ignored: {problem}")
                return None
        if folder == home or any(os.path.lexists(folder / marker) for marker in VCS_MARKERS):
            return None
    return None


def _untrusted(candidate: Path) -> str | None:
    """None when there is no such file, "" when it may be used, else what is wrong with it."""
    try:
        info = os.lstat(candidate)
    except OSError:
        return None
    if stat.S_ISLNK(info.st_mode):
        return "a project file may not be a symbolic link"
    if not stat.S_ISREG(info.st_mode):
        return None
    if not _POSIX:  # Windows: no owner or mode bits to judge (ACLs decide)
        return ""
    if info.st_uid != os.geteuid():
        return "it is not owned by the current user"
    if info.st_mode & 0o022:
        return "it is writable by other users"
    return ""


def _warn(message: str) -> None:
    warnings.warn(message, ConfigWarning, stacklevel=3)


def _quiet(message: str) -> None:
    """``_warn`` for a second reading of a file already warned about."""


def _path_list(value: Any, key: str, source: Path) -> list[str]:
    """A list of paths from a project file, relative entries resolved against the file's directory."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        _warn(f"{source}: '{key}' must be a list of paths; ignored")
        return []
    base = source.parent
    return [str((base / Path(v).expanduser()).resolve()) for v in value]


def load_project_file(path: str | os.PathLike[str]) -> ProjectConfig:
    """Read one project file. A file that cannot be parsed gives a warning and an empty config."""
    source = Path(path).resolve()
    config = ProjectConfig(path=source)
    try:
        text = source.read_text(encoding="utf-8")
        if source.suffix == ".toml":
            import tomllib

            data = tomllib.loads(text)
        else:
            import json

            data = json.loads(text)
    except (OSError, ValueError) as exc:
        _warn(f"{source}: cannot read project file: {exc}")
        return config
    if not isinstance(data, dict):
        _warn(f"{source}: the project file must hold a table/object at the top")
        return config
    if source.suffix == ".toml":
        table = data.get("mlpy", {})
        if not isinstance(table, dict):
            _warn(f"{source}: [mlpy] must be a table")
            return config
        known, ext_key = _TOML_KEYS, "extension_paths"
    else:
        table = data
        known = _JSON_KEYS
        ext_key = "python_extension_paths" if "python_extension_paths" in table else "extension_paths"
    for key in table:
        if key not in known:
            _warn(f"{source}: unknown key '{key}' ignored")
    if ext_key in table:
        config.extension_paths = _path_list(table[ext_key], ext_key, source)
    if "ml_module_paths" in table:
        config.ml_module_paths = _path_list(table["ml_module_paths"], "ml_module_paths", source)
    config.capabilities = table.get("capabilities")
    return config


_GRANT_KINDS = ("read", "write", "net", "env")
_PATH_KINDS = ("read", "write")


def capability_strings(config: ProjectConfig | None, *, quiet: bool = False) -> list[str]:
    """The grants a project file's capabilities section gives, as API strings (``"read:/abs/data"``).

    Accepted forms: a list of API strings (``["read:data", "net:api.example.com:443"]``), or a table
    mirroring the CLI flags (``allow-read = ["data"]``, ``allow-net = true``, ``deny-read =
    ["data/secret"]``, ``allow-all = true``; ``_`` may stand for ``-``). Relative paths resolve against
    the project file's directory. Anything else is warned about and ignored (it never grants).
    """
    if config is None or config.capabilities is None:
        return []
    warn = _quiet if quiet else _warn
    raw = config.capabilities
    base = config.path.parent if config.path is not None else Path.cwd()
    source = config.path or "project file"
    if isinstance(raw, list):
        items = [item for item in raw if isinstance(item, str)]
        if len(items) != len(raw):
            warn(f"{source}: capabilities must be strings such as 'read:data'; others ignored")
        return [_anchor(item, base) for item in items]
    if not isinstance(raw, dict):
        warn(f"{source}: capabilities must be a list or a table; ignored")
        return []
    strings: list[str] = []
    for key, value in raw.items():
        flag = str(key).replace("_", "-")
        if flag in ("allow-all", "all"):
            if value is True:
                strings.append("all")
            continue
        verb, _, kind = flag.rpartition("-")
        if verb not in ("allow", "deny") or kind not in _GRANT_KINDS:
            warn(f"{source}: unknown capability key '{key}' ignored (use allow-read, deny-net, ...)")
            continue
        prefix = kind if verb == "allow" else f"deny-{kind}"
        if value is True:
            strings.append(prefix)
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            strings.extend(_anchor(f"{prefix}:{target}", base) for target in value)
        elif value is not False:
            warn(f"{source}: '{key}' must be true or a list of strings; ignored")
    return strings


def _anchor(grant: str, base: Path) -> str:
    """Make the path of a read/write grant string absolute against ``base``."""
    name, sep, target = grant.partition(":")
    if not sep or name.removeprefix("deny-") not in _PATH_KINDS or not target:
        return grant
    path = Path(target).expanduser()
    return f"{name}:{path if path.is_absolute() else (base / path)}"


def project_summary(config: ProjectConfig | None) -> str:
    """What a project file gave a run, for the one line the CLI prints: ``grants: read data, net
    api.example.com; extension paths: ext`` (paths inside the file's folder shown relative to it)."""
    if config is None or config.path is None:
        return ""
    base = config.path.parent

    def shown(path: str) -> str:
        try:
            relative = Path(path).relative_to(base)
        except ValueError:
            return path
        return str(relative) if str(relative) != "." else "."

    grants = []
    for grant in capability_strings(config, quiet=True):
        name, sep, target = grant.partition(":")
        if sep and name.removeprefix("deny-") in _PATH_KINDS:
            target = shown(target)
        grants.append(f"{name} {target}" if sep else name)
    parts = [f"grants: {', '.join(grants) if grants else 'none'}"]
    if config.extension_paths:
        parts.append("extension paths: " + ", ".join(shown(p) for p in config.extension_paths))
    if config.ml_module_paths:
        parts.append("ML module paths: " + ", ".join(shown(p) for p in config.ml_module_paths))
    return "; ".join(parts)


def env_paths(variable: str) -> list[str]:
    """The ``os.pathsep``-separated paths of one of mlpy's settings (``mlpy.settings``: read once
    from the host's environment, never from a run's), relative to the cwd."""
    from mlpy import settings

    raw = settings.get(variable) or ""
    return [str(Path(p).expanduser().resolve()) for p in raw.split(os.pathsep) if p.strip()]


def _merge(*sources: Iterable[str]) -> list[str]:
    """Concatenate path lists in order, dropping duplicates and warning about missing directories."""
    merged: list[str] = []
    for source in sources:
        for entry in source:
            resolved = str(Path(entry).expanduser().resolve())
            if resolved in merged:
                continue
            if not Path(resolved).is_dir():
                _warn(f"module path does not exist: {resolved}")
            merged.append(resolved)
    return merged


def resolve_paths(
    cli_extension_paths: Iterable[str] | None,
    cli_ml_paths: Iterable[str] | None,
    program_dir: str | os.PathLike[str] | None,
) -> tuple[list[str], list[str], ProjectConfig]:
    """Merge every path source: CLI first, then the project file, then the environment.

    Returns ``(extension_paths, ml_module_paths, project_config)``; the config has ``path=None``
    when no project file was found. Non-existent directories are kept (they may appear later) but
    produce a ``ConfigWarning``.
    """
    project_file = find_project_file(program_dir) if program_dir is not None else None
    config = load_project_file(project_file) if project_file is not None else ProjectConfig()
    ext_paths, ml_paths = merge_paths(cli_extension_paths, cli_ml_paths, config)
    return ext_paths, ml_paths, config


def merge_paths(
    cli_extension_paths: Iterable[str] | None,
    cli_ml_paths: Iterable[str] | None,
    config: ProjectConfig,
) -> tuple[list[str], list[str]]:
    """``(extension_paths, ml_module_paths)``: the caller's, then ``config``'s, then the environment's."""
    ext_paths = _merge(cli_extension_paths or (), config.extension_paths, env_paths(EXTENSION_PATHS_ENV))
    ml_paths = _merge(cli_ml_paths or (), config.ml_module_paths, env_paths(ML_MODULE_PATHS_ENV))
    return ext_paths, ml_paths


__all__ = [
    "EXTENSION_PATHS_ENV",
    "ML_MODULE_PATHS_ENV",
    "VCS_MARKERS",
    "ConfigWarning",
    "ProjectConfig",
    "env_paths",
    "find_project_file",
    "load_project_file",
    "merge_paths",
    "project_summary",
    "resolve_paths",
]
