"""ModuleWatcher: one reload per save whatever the editor's save strategy, notices via a callback."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from mlpy.devmode.watch import ModuleWatcher, file_digest

pytestmark = pytest.mark.timeout(60)


class Recorder:
    """Collects reloads and notices; lets a test wait for the n-th reload."""

    def __init__(self) -> None:
        self.reloads: list[str] = []
        self.notices: list[str] = []
        self._event = threading.Condition()

    def reload(self, name: str) -> str:
        with self._event:
            self.reloads.append(name)
            self._event.notify_all()
        return f"reloaded {name}"

    def wait_for(self, count: int, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        with self._event:
            while len(self.reloads) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"expected {count} reloads, saw {self.reloads}")
                self._event.wait(left)


@pytest.fixture
def watched(tmp_path: Path) -> Iterator[tuple[ModuleWatcher, Recorder, Path]]:
    source = tmp_path / "greet_bridge.py"
    source.write_text("version = 0\n")
    recorder = Recorder()
    watcher = ModuleWatcher(recorder.reload, recorder.notices.append)
    watcher.start({"greet": source})
    yield watcher, recorder, source
    watcher.stop()


def settle() -> None:
    """Give a (possibly late) duplicate event time to arrive, so 'exactly once' is really checked."""
    time.sleep(0.6)


def test_in_place_save_reloads_once(watched: tuple[ModuleWatcher, Recorder, Path]) -> None:
    watcher, recorder, source = watched
    source.write_text("version = 1\n")
    recorder.wait_for(1)
    settle()
    assert recorder.reloads == ["greet"]
    assert recorder.notices == ["reloaded greet"]
    assert watcher.watched == {"greet": source.resolve()}


def test_temp_file_and_rename_save_reloads_once(watched: tuple[ModuleWatcher, Recorder, Path]) -> None:
    _watcher, recorder, source = watched
    temp = source.with_name(".greet_bridge.py.swp~")
    temp.write_text("version = 2\n")
    os.replace(temp, source)
    recorder.wait_for(1)
    settle()
    assert recorder.reloads == ["greet"]


def test_each_save_reloads_once_and_unchanged_content_is_ignored(
        watched: tuple[ModuleWatcher, Recorder, Path]) -> None:
    _watcher, recorder, source = watched
    for version in range(1, 4):
        source.write_text(f"version = {version}\n")
        recorder.wait_for(version)
        settle()
    source.write_text("version = 3\n")  # same content again: touched, not changed
    settle()
    assert recorder.reloads == ["greet"] * 3


def test_other_files_in_the_directory_are_ignored(watched: tuple[ModuleWatcher, Recorder, Path]) -> None:
    _watcher, recorder, source = watched
    (source.parent / "other.py").write_text("x = 1\n")
    settle()
    assert recorder.reloads == []


def test_stop_ends_the_thread_and_later_saves_do_nothing(
        watched: tuple[ModuleWatcher, Recorder, Path]) -> None:
    watcher, recorder, source = watched
    assert watcher.running
    watcher.stop()
    assert not watcher.running
    source.write_text("version = 9\n")
    settle()
    assert recorder.reloads == []


def test_reload_exceptions_become_notices(tmp_path: Path) -> None:
    def failing(name: str) -> str:
        raise RuntimeError("boom")

    notices: list[str] = []
    source = tmp_path / "m.ml"
    source.write_text("a = 1;")
    watcher = ModuleWatcher(failing, notices.append)
    watcher.start({"m": source})
    try:
        source.write_text("a = 2;")
        deadline = time.monotonic() + 15
        while not notices and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        watcher.stop()
    assert notices == ["✗ m: reload failed: boom"]


def test_handle_paths_maps_files_to_modules_and_dedupes(tmp_path: Path) -> None:
    seen: list[str] = []
    first, second = tmp_path / "a.ml", tmp_path / "b.ml"
    first.write_text("1")
    second.write_text("2")
    watcher = ModuleWatcher(lambda name: seen.append(name) or name, lambda _line: None)
    watcher._files = {first.resolve(): "a", second.resolve(): "b"}
    watcher._digests = {first.resolve(): file_digest(first), second.resolve(): file_digest(second)}
    first.write_text("changed")
    assert watcher.handle_paths([str(first), str(first), str(tmp_path / "zzz.tmp")]) == ["a"]
    assert watcher.handle_paths([str(first)]) == []
    assert seen == ["a"]


def test_file_digest_of_a_missing_file_is_none(tmp_path: Path) -> None:
    assert file_digest(tmp_path / "gone") is None


def test_truncate_then_write_save_reloads_once_with_the_finished_text(tmp_path: Path) -> None:
    source = tmp_path / "greet_bridge.py"
    source.write_text("version = 0\n")
    seen: list[str] = []
    recorder = Recorder()

    def reload(name: str) -> str:
        seen.append(source.read_text())  # what the reload would load
        return recorder.reload(name)

    watcher = ModuleWatcher(reload, recorder.notices.append)
    watcher.start({"greet": source})
    try:
        with open(source, "w") as handle:  # an editor's non-atomic save: truncate, pause, write
            handle.flush()
            os.fsync(handle.fileno())
            time.sleep(0.05)
            handle.write("version = 2\n")
        recorder.wait_for(1)
        settle()
    finally:
        watcher.stop()
    assert recorder.reloads == ["greet"]
    assert seen == ["version = 2\n"]
    assert recorder.notices == ["reloaded greet"]


def test_a_file_emptied_on_purpose_is_still_reloaded(tmp_path: Path) -> None:
    source = tmp_path / "greet_bridge.py"
    source.write_text("version = 0\n")
    recorder = Recorder()
    watcher = ModuleWatcher(recorder.reload, recorder.notices.append, settle_ms=20)
    try:
        watcher.start({"greet": source})
        source.write_text("")
        recorder.wait_for(1)
    finally:
        watcher.stop()
    assert recorder.reloads == ["greet"]
