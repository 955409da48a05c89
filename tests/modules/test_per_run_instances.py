"""An exported ``@ml_class`` instance with ``writable=`` attributes: each run writes to its own copy.

Extension module objects live for the whole process; without a copy per run, what one run (one
tenant) wrote into ``tally.board`` would be what the next run, or a run in another thread, reads.
"""

from __future__ import annotations

import sys
import threading
import types
from pathlib import Path

import pytest

import mlpy

TALLY_BRIDGE = '''
import sys
import threading

from mlpy.stdlib.decorators import ml_class, ml_function, ml_module


@ml_class(name="Tally", attributes=["count", "label", "tags"], writable=["count", "label"])
class Tally:
    def __init__(self):
        self.count = 0
        self.label = "start"
        self.tags = ["a"]

    def bump(self):
        self.count += 1
        return self.count


@ml_class(name="Fixed", attributes=["size"])
class Fixed:
    def __init__(self):
        self.size = 3


@ml_module(name="tally", description="A shared tally", constants=["board", "fixed"])
class TallyModule:
    board = Tally()
    fixed = Fixed()

    @ml_function(description="What the extension itself sees")
    def seen(self):
        return [self.board.count, self.board.label]

    @ml_function(description="Wait for the other thread's run")
    def pause(self):
        sys.modules["h6_tally_sync"].wait(10)
        return True


tally = TallyModule()
'''

LOCKED_BRIDGE = '''
import threading

from mlpy.stdlib.decorators import ml_class, ml_module


@ml_class(name="Guarded", attributes=["level"], writable=["level"])
class Guarded:
    def __init__(self):
        self.level = 1
        self.lock = threading.Lock()


@ml_module(name="guarded", description="Holds a lock", constants=["state"])
class GuardedModule:
    state = Guarded()


guarded = GuardedModule()
'''


@pytest.fixture
def tally_path(tmp_path: Path) -> list[str]:
    (tmp_path / "tally_bridge.py").write_text(TALLY_BRIDGE, encoding="utf-8")
    return [str(tmp_path)]


def test_a_write_is_seen_by_its_own_run_only(tally_path):
    first = mlpy.run("import tally;\ntally.board.count = 5;\nb = tally.board;\nb.label = \"one\";\n"
                     "bumped = tally.board.bump();\nnow = [tally.board.count, tally.board.label];\n",
                     extension_paths=tally_path)
    assert first.globals["bumped"] == 6 and first.globals["now"] == [6, "one"]
    second = mlpy.run("import tally;\nfresh = [tally.board.count, tally.board.label];\n"
                      "ext = tally.seen();\n", extension_paths=tally_path)
    assert second.globals["fresh"] == [0, "start"]
    assert second.globals["ext"] == [0, "start"]  # the extension's own instance never changed


def test_host_calls_after_the_run_see_that_runs_copy(tally_path):
    result = mlpy.run("import tally;\ntally.board.count = 7;\nfunction read() { return tally.board.count; }\n",
                      extension_paths=tally_path)
    mlpy.run("import tally;\ntally.board.count = 99;\n", extension_paths=tally_path)
    assert result.globals["read"]() == 7


def test_runs_in_two_threads_each_write_their_own_copy(tally_path, monkeypatch):
    barrier = threading.Barrier(2)
    monkeypatch.setitem(sys.modules, "h6_tally_sync", types.SimpleNamespace(wait=barrier.wait))
    mlpy.run("import tally;", extension_paths=tally_path)  # load the extension once, up front
    seen: dict[int, object] = {}
    errors: list[BaseException] = []

    def run(mark: int) -> None:
        try:  # both write, wait for each other, then read: a shared instance shows the other's mark
            result = mlpy.run(f"import tally;\nbefore = tally.board.count;\ntally.board.count = {mark};\n"
                              "tally.pause();\nafter = tally.board.count;\n", extension_paths=tally_path)
            seen[mark] = (result.globals["before"], result.globals["after"])
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(mark,)) for mark in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors, errors
    assert seen == {1: (0, 1), 2: (0, 2)}


def test_instances_ml_cannot_write_to_stay_read_only(tally_path):
    assert mlpy.run("import tally;\nsize = tally.fixed.size;\n", extension_paths=tally_path).globals["size"] == 3
    with pytest.raises(mlpy.MLRuntimeError) as info:
        mlpy.run("import tally;\ntally.fixed.size = 4;\n", extension_paths=tally_path)
    assert (info.value.line, info.value.message) == (2, "cannot set member 'size' of a value of type 'Fixed'")


def test_an_instance_that_cannot_be_copied_fails_the_import_saying_what_to_do(tmp_path):
    (tmp_path / "guarded_bridge.py").write_text(LOCKED_BRIDGE, encoding="utf-8")
    with pytest.raises(mlpy.MLImportError) as info:
        mlpy.run("import guarded;\nx = guarded.state.level;\n", extension_paths=[str(tmp_path)])
    message = info.value.message
    assert "module 'guarded': constant 'state' is a Guarded that ML code may write to" in message
    assert "__deepcopy__" in message and "drop writable=" in message
