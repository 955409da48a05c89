"""``RunOptions``: everything one run is given, built once by each entry point.

Every way of starting a run -- ``mlpy run``, ``mlpy.run``/``run_file``/``Program.run``, the REPL,
the sandbox child, dev mode -- turns its raw options (CLI flags, API keyword arguments, a project
file's table, a sandbox job) into one frozen ``RunOptions`` through ``build_options`` (or
``options_from_cli``, which reads the CLI's flag values and calls it). This module is the only place
where ``Grants`` and ``Limits`` are made from raw options; the rest of mlpy receives them ready.
"""

from __future__ import annotations

import functools
import io
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TextIO

from mlpy import settings
from mlpy.errors import MLCapabilityError
from mlpy.language.advice import FrontEnd
from mlpy.runtime.capabilities import Grants
from mlpy.runtime.limits import Limits

if TYPE_CHECKING:
    from mlpy.config import ProjectConfig

ProjectFilePolicy = Literal["search", "off"] | bool | str | os.PathLike[str] | None
"""Where a run's ``mlpy.toml``/``mlpy.json`` comes from: ``"search"`` (or ``True``) upward from the
program's directory, ``"off"`` (or ``False``/``None``) none, or the path of one file."""


def _policy(project_file: ProjectFilePolicy) -> str:
    """``"search"``, ``"off"`` or a file path, whatever spelling the caller used."""
    if project_file is True or project_file == "search":
        return "search"
    if project_file is None or project_file is False or project_file == "off":
        return "off"
    return os.fspath(project_file)

GRANT_KINDS = ("read", "write", "net", "env")
"""The grant kinds of the ``--allow-KIND``/``--deny-KIND`` flags."""

MEMORY_IN_PROCESS = (
    "max_memory cannot be enforced inside the host process (its memory, and that of other runs, "
    "would count against the program): run with sandbox=True or in a mlpy.SandboxPool")
"""Why ``max_memory`` is refused for an in-process embedded run."""

CapabilitiesArg = Grants | Iterable[str] | None
"""What callers may pass as grants: ready ``Grants``, API strings (``"read:/data"``), or nothing."""


@dataclass(frozen=True, eq=False)
class RunOptions:
    """The resolved options of one run: immutable, so it can be shared by threads and reused.

    Module paths are absolute and already merged (caller first, then the project file, then the
    environment); ``grants`` already include the project file's grants. ``stdin``/``stdout``/
    ``stderr`` of ``None`` mean the process streams (what the CLI wants).
    """

    grants: Grants = field(default_factory=Grants.none)
    limits: Limits = field(default_factory=Limits)
    extension_paths: tuple[str, ...] = ()
    ml_module_paths: tuple[str, ...] = ()
    argv: tuple[str, ...] = ()
    stdin: TextIO | None = None
    stdout: TextIO | None = None
    stderr: TextIO | None = None
    project_file: Path | None = None
    """The project file that was read, if any (for messages)."""
    project_summary: str = ""
    """What the project file granted and added (``config.project_summary``), for the CLI's line."""
    debug: bool = False
    """Show Python tracebacks of internal errors (``--debug``)."""
    cache: bool = True
    """Use the compile caches (``False``: compile afresh, write nothing to disk)."""
    sandbox: bool = False
    """Run in a resource-limited child process (``--sandbox``, ``sandbox=True``)."""
    enforce_requests: bool = True
    """Refuse to start when a ``capability`` block asks for a grant that was not given."""
    inputs: Mapping[str, Any] | None = None
    """Host values bound as ML globals before the program starts (plain data, converted)."""
    capture_output: bool = False
    """Collect what the program prints into ``RunResult.output`` instead of writing it out."""
    process_memory: bool = False
    """``max_memory`` may be measured on the whole process (the CLI and sandbox children own
    theirs); an embedding host's process is shared, so there it is refused."""
    cancel: Any = None
    """A ``engine.cancel.CancelToken``: cancelling it stops the run at its next step."""
    front_end: FrontEnd = "cli"
    """Who started the run: ``"cli"`` (``mlpy run``), ``"api"`` (an embedding host) or ``"repl"``.
    Errors phrase their advice for it: ``--allow-read=PATH``, ``capabilities=["read:PATH"]`` or
    ``.grant read:PATH``; ``(--timeout)`` or ``(timeout=)`` (``mlpy.language.advice``)."""

    def with_changes(self, **changes: Any) -> RunOptions:
        """A copy with some fields replaced (e.g. the sandbox child's ``sandbox=False``)."""
        return replace(self, **changes)


def working_directory() -> str:
    """The host's working directory, against which a run's relative paths resolve.

    A host whose working directory was deleted under it gets this said plainly (Python's own error
    names no file and no reason) instead of a bare ``FileNotFoundError`` from deep in mlpy.
    """
    try:
        return os.getcwd()
    except FileNotFoundError:
        raise FileNotFoundError(
            "the working directory no longer exists (it was deleted or moved); mlpy resolves a run's "
            "relative paths against it: change to an existing folder with os.chdir() first") from None


def program_dir(filename: str) -> str | None:
    """The directory of a program file (``None`` for ``<string>``-style names).

    Resolved once per file name and working directory (every run of a ``Program`` asks again).
    """
    if filename.startswith("<"):
        return None
    return _resolved_dir(filename, working_directory())


@functools.lru_cache(maxsize=256)
def _resolved_dir(filename: str, cwd: str) -> str:
    return str((Path(cwd) / filename).resolve().parent)


def resolve_module_paths(
    extension_paths: Sequence[str] | None,
    ml_module_paths: Sequence[str] | None,
    filename: str,
    project_file: ProjectFilePolicy = "search",
) -> tuple[list[str], list[str], ProjectConfig]:
    """Merge module paths from the caller, the project file (per ``project_file``) and the
    environment, in that order. Returns ``(extension_paths, ml_module_paths, project_config)``."""
    from mlpy.config import ProjectConfig, load_project_file, merge_paths

    policy = _policy(project_file)
    if policy == "search":
        from mlpy.config import resolve_paths

        return resolve_paths(list(extension_paths or []), list(ml_module_paths or []),
                             program_dir(filename))
    config = ProjectConfig() if policy == "off" else load_project_file(policy)
    ext, ml = merge_paths(extension_paths or (), ml_module_paths or (), config)
    return ext, ml, config


def make_grants(capabilities: CapabilitiesArg, config: ProjectConfig | None = None) -> Grants:
    """The run's ``Grants``: the caller's (``Grants`` or API strings) plus the project file's."""
    if isinstance(capabilities, Grants):
        grants = capabilities
    else:
        try:
            grants = Grants.from_strings(list(capabilities or []))
        except ValueError as exc:
            raise MLCapabilityError(f"invalid capability: {exc}", kind="CapabilityError") from None
    if config is not None:
        from mlpy.config import capability_strings

        project_grants = capability_strings(config)
        if project_grants:
            try:
                grants = grants.merge(Grants.from_strings(project_grants))
            except ValueError as exc:
                raise MLCapabilityError(f"invalid capability in {config.path}: {exc}") from None
    return grants


def grants_from_flags(flags: Mapping[str, Any]) -> Grants:
    """The ``Grants`` of CLI grant flags (``allow_read``, ``deny_net``, ``allow_all`` ... as click
    passes them: ``None`` absent, ``""`` everything, ``"a,b"`` a list). ``ValueError`` on a bad one."""
    kwargs = {f"{verb}_{kind}": flags.get(f"{verb}_{kind}") for verb in ("allow", "deny")
              for kind in GRANT_KINDS}
    return Grants.from_cli(allow_all=bool(flags.get("allow_all")), **kwargs)


def make_limits(timeout: float | None = None, max_steps: int | None = None,
                max_memory: float | None = None, max_output: int | None = None,
                max_recursion: int | None = None) -> Limits:
    """The run's ``Limits`` from the option values (``ValueError`` on a non-positive one)."""
    return Limits(timeout=timeout, max_steps=max_steps, max_memory_mb=max_memory,
                  max_output_bytes=max_output, max_recursion=max_recursion)


def build_options(
    filename: str = "<string>",
    *,
    capabilities: CapabilitiesArg = None,
    timeout: float | None = None,
    max_steps: int | None = None,
    max_memory: float | None = None,
    max_output: int | None = None,
    max_recursion: int | None = None,
    extension_paths: Sequence[str] | None = None,
    ml_module_paths: Sequence[str] | None = None,
    argv: Sequence[str] | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    project_file: ProjectFilePolicy = "search",
    debug: bool = False,
    cache: bool = True,
    sandbox: bool = False,
    enforce_requests: bool = True,
    inputs: Mapping[str, Any] | None = None,
    capture_output: bool = False,
    process_memory: bool = False,
    cancel: Any = None,
    front_end: FrontEnd = "cli",
) -> RunOptions:
    """Turn raw options into ``RunOptions``: resolve module paths and the project file, build the
    grants (caller's plus project file's) and the limits. The one factory every entry point uses.

    ``ValueError`` for an impossible combination: ``max_memory`` in the host process (it cannot
    tell the run's memory from the host's and other runs'), or a bad limit value.
    """
    if max_memory is not None and not sandbox and not process_memory:
        raise ValueError(MEMORY_IN_PROCESS)
    ext, ml, config = resolve_module_paths(extension_paths, ml_module_paths, filename, project_file)
    return RunOptions(
        grants=make_grants(capabilities, config),
        limits=make_limits(timeout, max_steps, max_memory, max_output, max_recursion),
        extension_paths=tuple(ext), ml_module_paths=tuple(ml), argv=tuple(argv or ()),
        stdin=stdin, stdout=stdout, stderr=stderr, project_file=config.path,
        project_summary=_summary(config), debug=debug,
        cache=cache, sandbox=sandbox, enforce_requests=enforce_requests,
        inputs=dict(inputs) if inputs else None, capture_output=capture_output,
        process_memory=process_memory, cancel=cancel, front_end=front_end,
    )


def _summary(config: ProjectConfig) -> str:
    if config.path is None:
        return ""
    from mlpy.config import project_summary

    return project_summary(config)


def embedded_options(filename: str = "<string>", **options: Any) -> RunOptions:
    """``RunOptions`` for an embedding host (``mlpy.run``, ``Program.run``, pools): the keyword
    options of ``build_options`` with the host's defaults -- no project file unless asked, an
    empty stdin (``input()`` never reads the host's own), and errors advising the API's keywords
    (``capabilities=["read:PATH"]``, ``timeout=``) rather than CLI flags.

    Options made of plain values (no streams, inputs or cancel token; no project file) are built
    once and reused (``_EMBEDDED``): a host calling ``mlpy.run(source, timeout=1)`` in a loop
    resolves its paths, grants and limits once, not per run."""
    if options:
        options.setdefault("project_file", False)
        options.setdefault("front_end", "api")
        key = _embedded_key(filename, options)
    else:  # the most common call (``mlpy.run(source)``, ``Program.run()``): a shorter key
        options = {"project_file": False, "front_end": "api"}
        key = (filename, working_directory(), settings.generation())
    if key is not None:
        known = _EMBEDDED.get(key)
        if known is not None:
            return known
    if options.get("stdin") is None and not options.get("sandbox"):
        options["stdin"] = io.StringIO("")  # shared by the runs of a reused RunOptions: always empty
    built = build_options(filename, **options)
    if key is not None:
        if len(_EMBEDDED) >= _EMBEDDED_MAX:
            _EMBEDDED.clear()
        _EMBEDDED[key] = built
    return built


_EMBEDDED: dict[tuple[Any, ...], RunOptions] = {}
"""Reusable ``RunOptions`` of ``embedded_options`` by ``_embedded_key`` (process lifetime)."""

_EMBEDDED_MAX = 64

_PLAIN = (type(None), bool, int, float, str)
_PLAIN_TYPES = frozenset(_PLAIN)
"""The exact types of ``_PLAIN``: one set lookup per value instead of an ``isinstance`` chain."""


def _embedded_key(filename: str, options: dict[str, Any]) -> tuple[Any, ...] | None:
    """What ``embedded_options`` depends on, when that is only plain values: the options, the
    working directory (relative paths and file names resolve against it) and the generation of
    mlpy's settings (the environment's module paths); ``None`` when the options cannot be reused
    (a stream, inputs, a cancel token, ready ``Grants``, a project file, which may change)."""
    if options["project_file"] not in (False, None, "off"):
        return None
    items = sorted(options.items())  # option names are unique: values are never compared
    for index, (name, value) in enumerate(items):
        if type(value) in _PLAIN_TYPES:
            continue
        if isinstance(value, (list, tuple)):
            if not all(isinstance(item, str) for item in value):
                return None
            items[index] = (name, tuple(value))
        elif not isinstance(value, _PLAIN):
            return None
    return (filename, working_directory(), settings.generation(), *items)


def options_from_cli(flags: Mapping[str, Any], filename: str = "<string>", *,
                     argv: Sequence[str] = (), project_file: ProjectFilePolicy = "search",
                     **extra: Any) -> RunOptions:
    """``RunOptions`` from a click command's option values (grant, limit and path flags).

    ``filename`` is the program (``<repl>`` for the REPL: the project file is then searched from
    the working directory). ``ValueError`` names a bad flag value.
    """
    return build_options(
        filename,
        capabilities=grants_from_flags(flags),
        timeout=flags.get("timeout"), max_steps=flags.get("max_steps"),
        max_memory=flags.get("max_memory"), max_output=flags.get("max_output"),
        max_recursion=flags.get("max_recursion"),
        extension_paths=list(flags.get("extension_paths") or ()),
        ml_module_paths=list(flags.get("ml_module_paths") or ()),
        argv=argv, project_file=project_file, debug=bool(flags.get("debug")),
        sandbox=bool(flags.get("sandbox")), process_memory=True, **extra,
    )


__all__ = [
    "GRANT_KINDS",
    "MEMORY_IN_PROCESS",
    "RunOptions",
    "build_options",
    "embedded_options",
    "grants_from_flags",
    "make_grants",
    "make_limits",
    "options_from_cli",
    "program_dir",
    "resolve_module_paths",
    "working_directory",
]
