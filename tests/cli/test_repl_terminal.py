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


@pytest.fixture
def repl(tmp_path: Path, ext_dir: Path) -> Iterator[object]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "TERM": "xterm",
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "MLPY_HISTORY_FILE": str(tmp_path / "history"),
        "MLPY_CACHE_DIR": str(tmp_path / "cache"),
    }
    child = pexpect.spawn(sys.executable, ["-m", "mlpy", "repl", "-E", str(ext_dir)], env=env,
                          cwd=str(tmp_path), encoding="utf-8", timeout=EXPECT_TIMEOUT,
                          dimensions=(40, 160))
    child.expect("type .help")
    child.expect(PROMPT)
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
