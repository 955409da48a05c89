"""The compile cache: compiled ML code objects stored in a per-user cache directory.

Never next to the source (a project directory stays clean). The directory is ``$MLPY_CACHE_DIR`` or
``platformdirs.user_cache_dir("mlpy")``. An entry's key is the sha256 of everything that determines
the generated code: the source text, the file name (it is baked into the code object and into
``__ml_import`` calls), the compiler version (``mlpy.__version__`` plus a fingerprint of the
compiler's own source files, so an edited compiler never reuses code it no longer generates), the
Python bytecode tag, the ``CompileOptions`` (without ``import_checker``) and the hashes of the
modules the program imports (``dependency_hashes``, filled in by the module system so that a change
in an imported module invalidates its importers). An entry is a marshalled tuple: the code object
and plain-data metadata (imports, capability requests, warnings, top-level names). Unreadable,
corrupt or unwritable entries are ignored: the program is then simply compiled.

Authentication: an entry is executed Python, so each one is sealed with a MAC keyed by a per-user
secret kept outside the cache (``cache_seal``); an entry that does not verify is never
unmarshalled. ML programs can neither write the cache folder nor read the secret (protected paths,
``runtime.protected``), and cannot re-point ``MLPY_CACHE_DIR`` (``mlpy.settings``).

Size: the directory is kept under ``MLPY_CACHE_MAX_BYTES`` (default 64 MB). A hit refreshes its
entry's modification time, and now and then (about one store in 256, and always when asked with
``prune()``) the least recently used entries are removed until the cache is under 80 % of the cap.
``MLPY_CACHE_DIR=off`` turns the disk cache off (nothing read, nothing written).
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from mlpy import errors, settings
from mlpy.compiler import cache_seal
from mlpy.compiler.options import CompiledProgram, CompileOptions

_fingerprint: str | None = None


def compiler_fingerprint() -> str:
    """Name, size and modification time of every module of ``mlpy.compiler`` and
    ``mlpy.language``: what the generated code depends on (computed once per process, a few
    ``stat`` calls; nothing is imported)."""
    global _fingerprint
    if _fingerprint is None:
        parts: list[str] = []
        package = Path(__file__).resolve().parent
        for folder in (package, package / "lowering", package.parent / "language"):
            with contextlib.suppress(OSError):
                for entry in sorted(os.scandir(folder), key=lambda e: e.name):
                    if entry.name.endswith(".py"):
                        info = entry.stat()
                        parts.append(f"{folder.name}/{entry.name}:{info.st_size}:{info.st_mtime_ns}")
        digest = _sha256()
        digest.update("\n".join(parts).encode())
        _fingerprint = digest.hexdigest()
    return _fingerprint

_FORMAT = b"mlpy-cache-2"
_PYTHON_TAG = sys.implementation.cache_tag or f"py{sys.version_info[0]}{sys.version_info[1]}"


DEFAULT_MAX_BYTES = 64 * 1024 * 1024
"""The default size cap of the cache directory (``MLPY_CACHE_MAX_BYTES``)."""


def cache_enabled() -> bool:
    """False when ``MLPY_CACHE_DIR`` is ``off`` (or ``0``/``none``): no disk cache at all."""
    return (settings.get("MLPY_CACHE_DIR") or "").strip().lower() not in ("off", "0", "none")


def max_bytes() -> int:
    """The size cap of the cache directory in bytes (``MLPY_CACHE_MAX_BYTES``)."""
    try:
        return max(int(settings.get("MLPY_CACHE_MAX_BYTES") or ""), 0)
    except ValueError:
        return DEFAULT_MAX_BYTES


def prune(limit: int | None = None) -> int:
    """Remove the least recently used entries until the cache holds at most 80 % of ``limit``
    (default ``max_bytes()``) when it holds more than ``limit``. Returns how many were removed."""
    limit = max_bytes() if limit is None else limit
    entries: list[tuple[int, int, str]] = []
    total = 0
    with contextlib.suppress(OSError):
        for shard in os.scandir(cache_dir()):
            if not shard.is_dir():
                continue
            with contextlib.suppress(OSError):
                for entry in os.scandir(shard.path):
                    if entry.name.endswith(".mlc"):
                        info = entry.stat()
                        entries.append((info.st_mtime_ns, info.st_size, entry.path))
                        total += info.st_size
    if total <= limit:
        return 0
    removed = 0
    target = limit * 8 // 10
    for _mtime, size, path in sorted(entries):
        if total <= target:
            break
        with contextlib.suppress(OSError):
            os.unlink(path)
            total -= size
            removed += 1
    return removed


def cache_dir() -> Path:
    """The directory holding cache entries (``MLPY_CACHE_DIR`` wins over the platform default).

    On Linux the default is computed here, as ``platformdirs`` does it (``$XDG_CACHE_HOME/mlpy`` or
    ``~/.cache/mlpy``), so that running a cached program does not import it; elsewhere
    ``platformdirs`` decides.
    """
    env = settings.get("MLPY_CACHE_DIR")
    if env:
        return Path(env)
    if sys.platform == "linux":
        base = (settings.get("XDG_CACHE_HOME") or "").strip()
        return (Path(base) if base else settings.home() / ".cache") / "mlpy"
    import platformdirs

    return Path(platformdirs.user_cache_dir("mlpy"))


class _Digest(Protocol):
    def update(self, data: bytes, /) -> None: ...
    def hexdigest(self) -> str: ...


def _sha256() -> _Digest:
    """A new sha256 hash: CPython's built-in ``_sha256`` when present (``hashlib`` would first load
    OpenSSL, a few milliseconds of every ``mlpy run``), else ``hashlib``'s."""
    try:
        from _sha256 import sha256  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        from hashlib import sha256
    digest: _Digest = sha256()
    return digest


def cache_key(source: str, filename: str, options: CompileOptions,
              dependency_hashes: Iterable[str] = ()) -> str:
    """The hex sha256 identifying the compiled form of ``source`` under these conditions."""
    from mlpy import __version__

    digest = _sha256()
    for part in (__version__, compiler_fingerprint(), _PYTHON_TAG, filename,
                 repr(options.cache_key_parts()), repr(tuple(dependency_hashes))):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    digest.update(source.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _entry_path(key: str) -> Path:
    return cache_dir() / key[:2] / f"{key}.mlc"


# ----------------------------------------------------------------------------- (de)serialisation


def _dump(program: CompiledProgram) -> bytes:
    imports = [(list(i.path), i.alias, i.line, i.col) for i in program.imports]
    caps = [(c.name, c.line, c.col, [(it.kind, list(it.words), list(it.args), it.line, it.col)
                                     for it in c.items]) for c in program.capability_requests]
    warns = [(w.kind, w.message, w.filename, w.line, w.column, w.source_line, w.hint)
             for w in program.warnings]
    meta = {"imports": imports, "caps": caps, "warnings": warns, "names": list(program.top_level_names)}
    return marshal.dumps((_FORMAT, program.code, meta))


def _load(data: bytes, filename: str) -> CompiledProgram:
    fmt, code, meta = marshal.loads(data)
    if fmt != _FORMAT:
        raise ValueError("unknown cache format")
    if meta["imports"] or meta["caps"]:
        from mlpy.language import nodes
    imports = [nodes.Import(line, col, list(path), alias) for path, alias, line, col in meta["imports"]]
    caps = [nodes.CapabilityDecl(line, col, name, [nodes.CapabilityItem(il, ic, kind, list(words), list(args))
                                                  for kind, words, args, il, ic in items])
            for name, line, col, items in meta["caps"]]
    warns: list[errors.MLError] = [
        errors.MLCompileError(message, fname, line, column, source_line=src, hint=hint, kind=kind)
        for kind, message, fname, line, column, src, hint in meta["warnings"]]
    return CompiledProgram(code, None, imports, caps, warns, list(meta["names"]), filename)


def load_entry(key: str, filename: str) -> CompiledProgram | None:
    """The cached program for ``key``, or ``None`` if absent or unusable (or the cache is off)."""
    if not cache_enabled():
        return None
    try:
        path = _entry_path(key)
        payload = cache_seal.unseal(key, path.read_bytes())
        if payload is None:  # not sealed with this user's secret: never unmarshalled
            return None
        program = _load(payload, filename)
    except Exception:  # missing, truncated, corrupt or foreign: recompile
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: pruned last
    return program


def store_entry(key: str, program: CompiledProgram) -> bool:
    """Write ``program`` under ``key`` atomically; ``False`` (and no error) if that is not possible
    or the cache is off."""
    if not cache_enabled():
        return False
    try:
        import tempfile  # only when writing

        data = cache_seal.seal(key, _dump(program))
        if data is None:  # no private place for the secret: no cache
            return False
        path = _entry_path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".mlc")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        if os.urandom(1)[0] == 0:  # about one store in 256 checks the size cap (a directory scan)
            prune()
        return True
    except Exception:
        return False


def compile_cached(source: str, filename: str = "<ml>", options: CompileOptions = CompileOptions(),
                   dependency_hashes: Iterable[str] = ()) -> CompiledProgram:
    """``compile_source`` through the cache. On a hit ``python_module`` is ``None``.

    Compile errors are raised as usual and never cached. ``options.import_checker`` still runs on a
    miss only; callers that must re-check imports on every run pass the imported modules' hashes in
    ``dependency_hashes`` (a changed dependency is a different key).
    """
    key = cache_key(source, filename, options, dependency_hashes) if cache_enabled() else None
    hit = load_entry(key, filename) if key is not None else None
    if hit is not None:
        return hit
    from mlpy.compiler.program import compile_source  # only on a miss: the parser and the lowering

    program = compile_source(source, filename, options)
    if key is None:
        return program
    store_entry(key, program)
    return program
