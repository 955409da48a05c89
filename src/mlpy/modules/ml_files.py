"""ML modules on disk: resolving ``import a.b.c;`` to a file, and compiling each file once.

Resolution: ``a.b.c`` is ``a/b/c.ml`` or ``a/b/c/__init__.ml`` under the first search
directory that has it (the importing file's directory, then the main program's directory, then the
ML module paths). Compiled programs are cached per process by resolved path and content hash plus
the hashes of the ML modules the file imports, so editing an imported module invalidates its
dependants. The compiler is imported on the first compile (a cached run never loads it); it and the
namespace factory can be replaced (tests).
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mlpy.errors import MLImportError
from mlpy.runtime import context
from mlpy.runtime.limits import metered

if TYPE_CHECKING:
    from mlpy.compiler.options import CompiledProgram

_IMPORT_LINE = re.compile(r"^[ \t]*import[ \t]+([A-Za-z_]\w*(?:[ \t]*\.[ \t]*[A-Za-z_]\w*)*)", re.MULTILINE)


def resolve_ml_file(parts: Sequence[str], search_dirs: Iterable[str | Path]) -> tuple[Path, Path] | None:
    """``(root, file)`` of the first search directory holding the module, or None."""
    for directory in search_dirs:
        root = Path(directory)
        base = root.joinpath(*parts)
        for candidate in (base.with_name(base.name + ".ml"), base / "__init__.ml"):
            if candidate.is_file():
                return root.resolve(), candidate.resolve()
    return None


def package_init(root: Path, parts: Sequence[str]) -> Path | None:
    """``root/a/b/__init__.ml`` for the package prefix ``a.b`` when it exists."""
    init = root.joinpath(*parts, "__init__.ml")
    return init.resolve() if init.is_file() else None


def scan_imports(source: str) -> list[tuple[str, ...]]:
    """The dotted paths of ``import`` lines (a cheap pre-scan used for dependency hashes only:
    a false positive just adds an entry to the cache key)."""
    return [tuple(part.strip() for part in match.group(1).split(".")) for match in _IMPORT_LINE.finditer(source)]


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class _FileState:
    mtime_ns: int
    size: int
    digest: str
    source: str


class MLCompileCache:
    """Compiles ML module files once per process, keyed by path, content and dependency hashes.

    Lifetime: owned by the registry (so, by default, the process); ``clear()`` forgets everything
    (``invalidate_cache``). ``compiler`` (``(source, filename, dependency_hashes) ->
    CompiledProgram``) defaults to the real compiler through its on-disk cache.
    """

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._files: dict[Path, _FileState] = {}
        self._compiled: dict[tuple[Path, str, tuple[tuple[str, str], ...], bool], CompiledProgram] = {}
        self.compiler: Callable[[str, str, dict[str, str]], CompiledProgram] | None = None
        self.compile_count = 0

    def reset(self) -> None:
        """Same as ``clear`` (the name every long-lived cache of the package shares)."""
        self.clear()

    def clear(self) -> None:
        """Forget every file text and compiled program."""
        with self._lock:
            self._files.clear()
            self._compiled.clear()

    def read(self, path: Path) -> _FileState:
        """The file's text and hash, re-read only when its mtime or size changed."""
        stat = path.stat()
        with self._lock:
            state = self._files.get(path)
            if state is not None and state.mtime_ns == stat.st_mtime_ns and state.size == stat.st_size:
                return state
        data = path.read_bytes()
        try:
            source = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise MLImportError(f"cannot import {path}: it is not UTF-8 text (byte 0x{data[exc.start]:02x} "
                                f"at offset {exc.start}); save it as UTF-8") from None
        state = _FileState(stat.st_mtime_ns, stat.st_size, content_hash(data), source)
        with self._lock:
            self._files[path] = state
        return state

    def forget(self, path: Path) -> None:
        """Drop the remembered text of ``path`` (reload re-reads even within one mtime tick)."""
        with self._lock:
            self._files.pop(path, None)

    def tree_hash(self, path: Path, search_dirs: Sequence[Path], _seen: frozenset[Path] = frozenset()) -> str:
        """Hash of a file's content combined with the tree hashes of the ML modules it imports."""
        state = self.read(path)
        if path in _seen:
            return state.digest
        parts = [state.digest]
        for dep, dep_hash in sorted(self.dependency_hashes(path, search_dirs, _seen | {path}).items()):
            parts.append(f"{dep}={dep_hash}")
        return content_hash("\n".join(parts).encode())

    def dependency_hashes(self, path: Path, search_dirs: Sequence[Path],
                          _seen: frozenset[Path] = frozenset()) -> dict[str, str]:
        """``{resolved path of each imported ML module: its tree hash}``."""
        state = self.read(path)
        dirs = [path.parent, *search_dirs]
        hashes: dict[str, str] = {}
        for parts in scan_imports(state.source):
            found = resolve_ml_file(parts, dirs)
            if found is None:
                continue
            dep = found[1]
            hashes[str(dep)] = self.tree_hash(dep, search_dirs, _seen | {path})
        return hashes

    def source_of(self, path: Path) -> str:
        """The text of ``path`` as last read (for error messages)."""
        return self.read(path).source

    def compile(self, path: Path, search_dirs: Sequence[Path]) -> tuple[CompiledProgram, bool]:
        """``(compiled program, freshly_compiled)`` for the current text of ``path``."""
        state = self.read(path)
        deps = self.dependency_hashes(path, search_dirs, frozenset({path}))
        steps = counting_steps()  # a limited run's modules count steps too (else loops escape)
        key = (path, state.digest, tuple(sorted(deps.items())), steps)
        with self._lock:
            compiled = self._compiled.get(key)
        if compiled is not None:
            return compiled, False
        compiler = self.compiler or _default_compiler
        compiled = compiler(state.source, str(path), deps)
        with self._lock:
            self._compiled = {k: v for k, v in self._compiled.items() if k[0] != path or k[3] != steps}
            self._compiled[key] = compiled
            self.compile_count += 1
        return compiled, True

    def cached_program(self, path: Path) -> CompiledProgram | None:
        """The most recent compiled program of ``path`` (used to locate an import statement)."""
        with self._lock:
            for key, compiled in self._compiled.items():
                if key[0] == path:
                    return compiled
        return None


def counting_steps() -> bool:
    """True inside a run whose limits need ``count_steps`` code (time, steps or memory limits), or
    that can be stopped between steps (a cancel token: ``run_async``, a debugger's evaluation)."""
    limits = context.current().limits
    return bool(limits is not None and limits.active()) or metered()


def _default_compiler(source: str, filename: str, deps: dict[str, str]) -> CompiledProgram:
    """The real compiler, with the import checker of ``filename`` and the dependency hashes."""
    from mlpy.compiler.cache import compile_cached
    from mlpy.compiler.options import COMPILE_SHARE, CompileOptions
    from mlpy.language.deadline import check_deadline, monotonic
    from mlpy.modules.checks import make_import_checker

    # Imported while a timed run runs: the module's compile takes at most its share of the time
    # left, so that Python's compile() and freeing an abandoned compile fit before the deadline.
    run_deadline = getattr(context.current().meter, "deadline", None)
    deadline = None
    if run_deadline is not None:
        now = monotonic()
        deadline = now + max(0.0, run_deadline - now) * COMPILE_SHARE
    options = CompileOptions(count_steps=counting_steps(), import_checker=make_import_checker(filename),
                             deadline=deadline)
    program = compile_cached(source, filename, options,
                             dependency_hashes=tuple(f"{path}={digest}" for path, digest in sorted(deps.items())))
    # Python's compile() runs after the compiler's last deadline check.
    check_deadline(run_deadline, filename)
    return program


def default_namespace(filename: str) -> dict[str, Any]:
    """A fresh module namespace from the runtime (``new_globals``)."""
    from mlpy.runtime.namespace import new_globals

    return new_globals(filename)


__all__ = ["MLCompileCache", "default_namespace", "package_init", "resolve_ml_file", "scan_imports"]
