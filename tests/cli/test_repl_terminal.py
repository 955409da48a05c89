"""End-to-end tests of the prompt_toolkit REPL driven through a pseudo-terminal (pexpect).

Timeouts are generous (60 s per expectation, 240 s per test) so that the tests stay reliable on a
loaded 2-core machine; nothing here depends on timing except waiting for output to appear.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

pytestmark = [
    pytest.mark.timeout(240),
    pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal"),
]

EXPECT_TIMEOUT = 60
PROMPT = "ml>"

GREET = '''\
from mlpy.stdlib.decorators import ml_function, ml_module


@ml_module(name="greet")
class Greet:
    @ml_function
    def hello(self, who):
        return "hello " + who


greet = Greet()
'''


@pytest.fixture
def ext_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "ext"
    directory.mkdir()
    (directory / "greet_bridge.py").write_text(GREET)
    return directory


def spawn(tmp_path: Path, *args: str) -> object:
    """``mlpy repl`` on a pseudo-terminal, started in ``tmp_path``, with its history in
    ``tmp_path/history``; returns once the first prompt is shown."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "TERM": "xterm",
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "MLPY_HISTORY_FILE": str(tmp_path / "history"),
        "MLPY_CACHE_DIR": str(tmp_path / "cache"),
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
    }
    child = pexpect.spawn(sys.executable, ["-m", "mlpy", "repl", *args], env=env,
                          cwd=str(tmp_path), encoding="utf-8", timeout=EXPECT_TIMEOUT,
                          dimensions=(40, 160))
    child.expect("type .help")
    child.expect(PROMPT)
    return child


@pytest.fixture
def repl(tmp_path: Path, ext_dir: Path) -> Iterator[object]:
    child = spawn(tmp_path, "-E", str(ext_dir))
    yield child
    if child.isalive():
        child.terminate(force=True)


def test_multi_line_entry_continues_while_incomplete(repl: object) -> None:
    child = repl
    child.send("function f(a) {\r")
    child.expect(r"\.\.\.")
    child.send("return a * 2;\r")
    child.expect(r"\.\.\.")
    child.send("}\r")
    child.expect(PROMPT)
    child.send("f(21)\r")
    child.expect("=> 42")


def test_ctrl_c_cancels_the_input_and_interrupts_a_statement(repl: object) -> None:
    child = repl
    child.send("never = 1 + ")
    child.expect("never")             # typed into the prompt before Ctrl+C is pressed
    child.sendintr()
    child.expect(PROMPT)
    child.send("never\r")
    child.expect("Unknown identifier 'never'")
    child.send("while (true) { }\r")
    child.expect(r"\) \{ \}")
    import time

    time.sleep(1.0)
    child.sendintr()
    child.expect("KeyboardInterrupt: statement interrupted")
    child.send("1 + 1\r")
    child.expect("=> 2")


def test_ctrl_d_exits_and_history_is_kept(repl: object, tmp_path: Path) -> None:
    child = repl
    child.send("hist_marker = 5;\r")
    child.send("hist_marker\r")
    child.expect("=> 5")
    child.expect(PROMPT)              # the prompt drawn after the result: the line is empty now
    child.sendeof()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "hist_marker = 5;" in (tmp_path / "history").read_text()


def test_reload_after_editing_the_module_file(repl: object, ext_dir: Path) -> None:
    child = repl
    child.send('import greet; f = greet.hello;\r')
    child.expect(PROMPT)
    (ext_dir / "greet_bridge.py").write_text(GREET.replace('"hello "', '"bonjour "'))
    child.send(".reload greet\r")
    child.expect(r"✓ Reloaded module: greet \(\d+\.\d ms\)")
    child.send('f("ami")\r')
    child.expect('=> "bonjour ami"')


def test_watch_notice_does_not_corrupt_the_line_being_typed(repl: object, ext_dir: Path) -> None:
    child = repl
    child.send("import greet; f = greet.hello;\r")
    child.expect(PROMPT)
    child.send(".watch greet\r")
    child.expect("Watching 1 module for changes")
    child.expect(PROMPT)
    child.send("typed = 12")          # half a line, not submitted
    child.expect("typed")
    (ext_dir / "greet_bridge.py").write_text(GREET.replace('"hello "', '"hola "'))
    child.expect(r"↻ greet reloaded in \d+ ms")
    child.send("3;\r")                # finish the line that was being typed
    child.expect(PROMPT)
    child.send("typed\r")
    child.expect("=> 123")
    child.send('f("x")\r')
    child.expect('=> "hola x"')


def test_tab_completion_and_grant_confirmation(repl: object) -> None:
    child = repl
    child.send("import ma")
    child.send("\t")
    child.expect("th")               # "ma" completed to "math" in place
    child.send(";\r")
    child.expect(PROMPT)
    child.send("math.sqrt(16)\r")
    child.expect(r"=> 4\.0")
    child.send(".grant read:/tmp\r")
    child.expect(r"\(y/n\)")
    child.send("y")
    child.expect("Granted capability: read:/tmp")
    child.send('hasCapability("read:/tmp/a")\r')
    child.expect("=> true")
    child.send(".exit\r")
    child.expect("Goodbye")
    child.expect(pexpect.EOF)


def _previous_session(tmp_path: Path, *entries: str) -> None:
    """A history file as an earlier session would have left it."""
    (tmp_path / "history").write_text("".join(f"\n# 2026-01-01 00:00:00\n+{e}\n" for e in entries))


def test_ctrl_r_searches_the_history_of_earlier_sessions(tmp_path: Path) -> None:
    _previous_session(tmp_path, "stored_total = 40 + 2;", "other = 1;")
    child = spawn(tmp_path)
    child.send("\x12")                # Ctrl+R
    child.expect("I-search backward")
    child.send("stored_t")
    child.expect("stored_t")           # the search text (the match is drawn in colours)
    child.send("\r")                  # accept the match into the line
    child.send("\r")                  # run it: only the stored entry computes 40 + 2
    child.expect(PROMPT)
    child.send("stored_total\r")
    child.expect("=> 42")
    child.terminate(force=True)


def test_up_arrow_searches_the_history_by_prefix(tmp_path: Path) -> None:
    _previous_session(tmp_path, "prefixed_value = 6 * 7;", "unrelated = 0;")
    child = spawn(tmp_path)
    child.send("prefixed")
    child.expect("prefixed")
    child.send("\x1b[A")              # Up: the latest entry starting with "prefixed"
    child.expect("_value")             # the rest of the entry fills the line
    child.send("\r")                  # only the stored entry computes 6 * 7
    child.expect(PROMPT)
    child.send("prefixed_value\r")
    child.expect("=> 42")
    child.terminate(force=True)


def test_tab_completes_file_names_after_load(tmp_path: Path) -> None:
    (tmp_path / "loadable_script.ml").write_text("loaded_answer = 42;\n")
    child = spawn(tmp_path)
    child.send(".load loadable_s\t")
    child.expect("cript.ml")
    child.send("\r")
    child.expect("Loaded loadable_script.ml")
    child.send("loaded_answer\r")
    child.expect("=> 42")
    child.terminate(force=True)


def test_editor_inline_mode_runs_a_multi_line_entry_on_ctrl_d(tmp_path: Path) -> None:
    child = spawn(tmp_path)
    child.send(".editor\r")
    child.expect(r"// Entering editor mode \(Ctrl\+D to run, Ctrl\+C to cancel\)")
    child.send("function h() {\r")
    child.send("return 5;\r")
    child.send("}\r")
    child.send("h() * 2")
    child.expect(r"h\(\) ")
    child.send("\x04")                # Ctrl+D
    child.expect("=> 10")
    child.expect(PROMPT)
    child.send("h()\r")
    child.expect("=> 5")
    child.terminate(force=True)
