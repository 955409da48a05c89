"""File watching for module development mode (``.watch`` / ``.unwatch``).

A :class:`ModuleWatcher` runs ``watchfiles`` in a background thread over the *directories* of the
watched module files (watching the directory, not the file, keeps working when an editor saves by
writing a temporary file and renaming it over the original). Each batch of file events is mapped to
the watched modules; a module is reloaded only when its file's content actually changed since the
last reload, so every save causes exactly one reload whatever the editor's save strategy, and events
the editor produces on temporary files are ignored. The outcome of each reload is a one-line notice
(``↻ greet reloaded in 12 ms`` or the error) handed to a callback; the front-end decides how to print
it without corrupting the line being typed.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

ReloadFn = Callable[[str], str]
"""``reload(module_name) -> notice``: reloads one module and returns the line to show."""

NotifyFn = Callable[[str], None]

DEFAULT_STEP_MS = 10
"""How long watchfiles waits for further events before yielding a batch (latency vs. grouping)."""

DEFAULT_DEBOUNCE_MS = 400

DEFAULT_SETTLE_MS = 150
"""How long an emptied file must stay empty before it is reloaded: an editor that saves by
truncating and then writing (two events, an empty file in between) gives one reload of the finished
text, never a reload of the empty one."""
_SETTLE_ROUNDS = 25
_RECHECK_S = 0.01


def file_digest(path: Path) -> str | None:
    """A hash of a file's content, or None while the file does not exist (mid-rename) or is unreadable."""
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
    except OSError:
        return None


_EMPTY_DIGEST = hashlib.blake2b(b"", digest_size=16).hexdigest()


class ModuleWatcher:
    """Watches module files and reloads each changed module once per save, in a background thread."""

    def __init__(self, reload: ReloadFn, notify: NotifyFn, *, step_ms: int = DEFAULT_STEP_MS,
                 debounce_ms: int = DEFAULT_DEBOUNCE_MS, settle_ms: int = DEFAULT_SETTLE_MS,
                 force_polling: bool | None = None) -> None:
        self._reload = reload
        self._notify = notify
        self._step_ms = step_ms
        self._debounce_ms = debounce_ms
        self._settle_s = settle_ms / 1000.0
        self._force_polling = force_polling
        self._files: dict[Path, str] = {}
        self._digests: dict[Path, str | None] = {}
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._lock = threading.Lock()
        self.reload_count = 0

    @property
    def running(self) -> bool:
        """True while the background thread is watching."""
        return self._thread is not None and self._thread.is_alive()

    @property
    def watched(self) -> dict[str, Path]:
        """Module name → watched file."""
        with self._lock:
            return {name: path for path, name in self._files.items()}

    def start(self, files: Mapping[str, str | Path]) -> None:
        """Watch ``files`` (module name → source file); restarts the thread if it was running."""
        self.stop()
        with self._lock:
            self._files = {Path(p).resolve(): name for name, p in files.items()}
            self._digests = {p: file_digest(p) for p in self._files}
        if not self._files:
            return
        self._stop = threading.Event()
        self._ready = threading.Event()
        directories = sorted({str(p.parent) for p in self._files})
        self._thread = threading.Thread(target=self._run, args=(directories, self._stop, self._ready),
                                        name="mlpy-watch", daemon=True)
        self._thread.start()
        self._ready.wait(timeout=5)

    def stop(self) -> None:
        """Stop watching and wait for the thread to end."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._thread = None

    def _run(self, directories: list[str], stop: threading.Event, ready: threading.Event) -> None:
        import watchfiles

        try:
            iterator = watchfiles.watch(
                *directories, watch_filter=None, step=self._step_ms, debounce=self._debounce_ms,
                stop_event=stop, rust_timeout=100, raise_interrupt=False, recursive=False,
                force_polling=self._force_polling, yield_on_timeout=True,
            )
            first = True
            for changes in iterator:
                if first:
                    ready.set()
                    first = False
                    if not changes:
                        continue
                if stop.is_set():
                    break
                self.handle_paths(path for _change, path in changes)
        except Exception as exc:  # noqa: BLE001 - the watcher must report, never kill the REPL
            self._notify(f"✗ watch stopped: {exc}")
        finally:
            ready.set()

    def handle_paths(self, paths: Iterable[str]) -> list[str]:
        """Reload the watched modules whose files changed content among ``paths``, each once its
        content has settled; return their names."""
        with self._lock:
            touched: list[Path] = []
            for raw in paths:
                path = Path(raw)
                resolved = path.resolve() if path.exists() else path
                if resolved in self._files and resolved not in touched:
                    touched.append(resolved)
        due: list[tuple[Path, str]] = []
        for path in touched:
            digest = self._settled_digest(path)
            with self._lock:
                if digest is None or digest == self._digests.get(path) or path not in self._files:
                    continue
                self._digests[path] = digest
                due.append((path, self._files[path]))
        names: list[str] = []
        for _path, name in due:
            if name in names:
                continue
            names.append(name)
            self.reload_count += 1
            try:
                notice = self._reload(name)
            except Exception as exc:  # noqa: BLE001 - reported as a notice
                notice = f"✗ {name}: reload failed: {exc}"
            self._notify(notice)
        return names

    def _settled_digest(self, path: Path) -> str | None:
        """The file's digest once two reads agree: 10 ms apart for a file with content (a save
        still being written changes in between), ``settle_ms`` apart for an empty file (the middle
        of a truncate-then-write save, unless it stays empty)."""
        digest = file_digest(path)
        for _ in range(_SETTLE_ROUNDS):
            time.sleep(self._settle_s if digest == _EMPTY_DIGEST else _RECHECK_S)
            again = file_digest(path)
            if again == digest:
                return digest
            digest = again
        return digest


__all__ = ["DEFAULT_DEBOUNCE_MS", "DEFAULT_SETTLE_MS", "DEFAULT_STEP_MS", "ModuleWatcher", "file_digest"]
