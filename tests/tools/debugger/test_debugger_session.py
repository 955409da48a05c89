"""The debugging engine as a library: ``DebugSession`` driven in-process, events read from a queue."""

from __future__ import annotations

import queue
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from mlpy.runtime.limits import Limits
from mlpy.tools.debugger.events import Event, Exited, Output, Stopped, Terminated
from mlpy.tools.debugger.lines import executable_lines, lines_of_file, place_breakpoint
from mlpy.tools.debugger.session import UNCAUGHT, BreakpointRequest, DebugSession, LaunchConfig, SessionError

TIMEOUT = 10.0

MAIN = """\
import util;
function match(x) {
    f = fn(y) => util.twice(y);
    return f(x);
}
print(match(4));
"""
UTIL = """\
function twice(v) {
    w = v * 2;
    return w;
}
"""


class Driver:
    """A session and the events it reported."""

    def __init__(self) -> None:
        self.events: queue.Queue[Event] = queue.Queue()
        self.session = DebugSession(self.events.put)
        self.seen: list[Event] = []

    def next(self, kind: type) -> Event:
        while True:
            event = self.events.get(timeout=TIMEOUT)
            self.seen.append(event)
            if isinstance(event, kind):
                return event

    def output(self, category: str = "stdout") -> str:
        return "".join(e.text for e in self.seen if isinstance(e, Output) and e.category == category)


@pytest.fixture
def driver() -> Iterator[Driver]:
    created = Driver()
    yield created
    created.session.terminate()
    assert created.session.wait(TIMEOUT)


@pytest.fixture
def project(tmp_path: Path) -> Callable[[str], str]:
    """``project(main_source) -> path of main.ml`` next to util.ml."""
    (tmp_path / "util.ml").write_text(UTIL, encoding="utf-8")

    def write(source: str = MAIN) -> str:
        path = tmp_path / "main.ml"
        path.write_text(source, encoding="utf-8")
        return str(path)

    return write


def test_breakpoint_placement_uses_the_compiled_line_table(tmp_path: Path) -> None:
    source = "// comment\n\nx = 1;\nfunction f(a) {\n    // inside\n    return a;\n}\n"
    path = tmp_path / "p.ml"
    path.write_text(source, encoding="utf-8")
    lines = lines_of_file(str(path))
    assert lines == {3, 4, 6}  # line 1 (a comment) holds only the generated prologue
    assert [place_breakpoint(lines, line) for line in (1, 3, 5, 7)] == [3, 3, 6, None]

    from mlpy.compiler import CompileOptions, compile_source

    program = compile_source(source, str(path), CompileOptions())
    assert executable_lines(program.code, source, str(path)) == lines


def test_stack_names_are_ml_names_across_files(driver: Driver, project: Callable[[str], str],
                                                tmp_path: Path) -> None:
    session = driver.session
    session.launch(LaunchConfig(program=project(MAIN)))
    util = str(tmp_path / "util.ml")
    assert [r.line for r in session.set_breakpoints(util, [BreakpointRequest(2)])] == [2]
    session.start()
    assert driver.next(Stopped).reason == "breakpoint"
    stack = [(entry.name, Path(entry.path).name, entry.line) for entry in session.stack()]
    # `match` is mangled for Python (a soft keyword) and the arrow is a lambda: ML names shown.
    assert stack == [("twice", "util.ml", 2), ("<anonymous>", "main.ml", 3), ("match", "main.ml", 4),
                     ("<top level>", "main.ml", 6)]
    session.resume("out")
    assert driver.next(Stopped).reason == "step"
    assert [entry.name for entry in session.stack()] == ["<anonymous>", "match", "<top level>"]
    session.resume("continue")
    assert driver.next(Exited).code == 0
    driver.next(Terminated)
    assert driver.output() == "8\n"


def test_evaluation_reaches_no_python_object(driver: Driver, project: Callable[[str], str]) -> None:
    session = driver.session
    session.launch(LaunchConfig(program=project(MAIN)))
    session.set_breakpoints(session.main_file, [BreakpointRequest(4)])
    session.start()
    driver.next(Stopped)
    refused = {
        "__builtins__": "SyntaxError: identifiers beginning with '__' are reserved",
        "__ml_member": "SyntaxError: identifiers beginning with '__' are reserved",
        "f.__globals__": "SyntaxError: identifiers beginning with '__' are reserved",
        "x.__class__": "SyntaxError: identifiers beginning with '__' are reserved",
        'x["__class__"]': "TypeError: a number cannot be indexed",
        'f["__globals__"]': "TypeError: a function cannot be indexed",
    }
    for text, message in refused.items():
        with pytest.raises(SessionError) as caught:
            session.evaluate(text)
        assert message in str(caught.value), text
    for text in ('getattr(f, "__globals__")', 'getattr(util, "__dict__")'):
        assert session.evaluate(text).value == "null", text


def test_evaluation_assigns_to_a_copy_and_prints_as_program_output(driver: Driver,
                                                                   project: Callable[[str], str]) -> None:
    session = driver.session
    session.launch(LaunchConfig(program=project(MAIN)))
    session.set_breakpoints(session.main_file, [BreakpointRequest(4)])
    session.start()
    driver.next(Stopped)
    assert session.evaluate("x = 100; x + 1").value == "101"
    assert session.evaluate("x").value == "4"
    assert session.evaluate('print("from evaluate")').value == "null"
    session.resume("continue")
    driver.next(Exited)
    assert driver.output() == "from evaluate\n8\n"


def test_an_endless_evaluation_is_stopped_by_its_time_limit(driver: Driver, project: Callable[[str], str],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from mlpy.tools.debugger import evaluate

    monkeypatch.setattr(evaluate, "EVAL_SECONDS", 0.3)
    session = driver.session
    session.launch(LaunchConfig(program=project(MAIN), stop_on_entry=True))
    session.start()
    driver.next(Stopped)
    with pytest.raises(SessionError, match="TimeoutError"):
        session.evaluate("k = 0; while (true) { k = k + 1; }")
    assert session.evaluate("1 + 1").value == "2"
    session.resume("continue")
    assert driver.next(Exited).code == 0
    assert driver.output() == "8\n"


@pytest.mark.parametrize("limits", [Limits(), Limits(timeout=60.0, max_steps=10**12)], ids=["plain", "limited"])
def test_a_program_function_looping_inside_an_evaluation_is_stopped_by_its_time_limit(
        driver: Driver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limits: Limits) -> None:
    """``p f()`` of a looping program function (or an ML module's) hung the debugger for good: the
    function's steps went to the paused program (no steps at all without limits, a held clock with)."""
    from mlpy.tools.debugger import evaluate

    monkeypatch.setattr(evaluate, "EVAL_SECONDS", 0.3)
    (tmp_path / "spin.ml").write_text("function forever() { while (true) {} }\n", encoding="utf-8")
    main = tmp_path / "main.ml"
    main.write_text("import spin;\nfunction f() { while (true) {} }\nx = 1;\nprint(x);\n", encoding="utf-8")
    session = driver.session
    session.launch(LaunchConfig(program=str(main), limits=limits))
    session.set_breakpoints(session.main_file, [BreakpointRequest(3)])
    session.start()
    driver.next(Stopped)
    for text in ("f()", "spin.forever()"):
        with pytest.raises(SessionError, match="TimeoutError: time limit of 0.3 s exceeded"):
            session.evaluate(text)
    assert session.evaluate("1 + 1").value == "2"
    session.resume("continue")  # the program's own steps and clock are its own again
    assert driver.next(Exited).code == 0
    assert driver.output() == "1\n"


def test_evaluation_is_refused_while_the_program_runs(driver: Driver, project: Callable[[str], str]) -> None:
    session = driver.session
    with pytest.raises(SessionError, match="paused"):
        session.evaluate("1 + 1")
    session.launch(LaunchConfig(program=project("n = 0;\nwhile (true) { n = n + 1; }\n")))
    session.start()
    with pytest.raises(SessionError):
        session.evaluate("n")
    session.pause()
    assert driver.next(Stopped).reason == "pause"
    session.terminate()
    assert driver.next(Exited).code == 1


def test_a_breakpoint_set_while_the_program_runs_is_hit(driver: Driver, project: Callable[[str], str]) -> None:
    session = driver.session
    source = 'print("started");\nn = 0;\nwhile (true) {\n    n = n + 1;\n}\n'
    session.launch(LaunchConfig(program=project(source)))
    session.start()
    assert driver.next(Output).text == "started\n"
    # The top level runs untraced (nothing to stop for when it started): the new breakpoint must
    # still take effect in the frame that is already running.
    assert [r.line for r in session.set_breakpoints(session.main_file, [BreakpointRequest(4)])] == [4]
    stopped = driver.next(Stopped)
    assert (stopped.reason, stopped.breakpoint_ids) == ("breakpoint", (1,))
    assert [(entry.name, entry.line) for entry in session.stack()] == [("<top level>", 4)]
    session.set_breakpoints(session.main_file, [])
    session.resume("continue")
    session.terminate()
    assert driver.next(Exited).code == 1


def test_a_breakpoint_set_while_paused_is_hit_in_a_calling_frame(driver: Driver,
                                                                 project: Callable[[str], str],
                                                                 tmp_path: Path) -> None:
    session = driver.session
    source = MAIN.replace("print(match(4));", "y = match(4);\nprint(y);")
    session.launch(LaunchConfig(program=project(source)))
    session.set_breakpoints(str(tmp_path / "util.ml"), [BreakpointRequest(3)])
    session.start()
    driver.next(Stopped)
    # main.ml had no breakpoint when its frames started: they run untraced until now.
    assert [r.line for r in session.set_breakpoints(session.main_file, [BreakpointRequest(7)])] == [7]
    session.resume("continue")
    stopped = driver.next(Stopped)
    assert stopped.reason == "breakpoint"
    assert [(entry.name, entry.line) for entry in session.stack()] == [("<top level>", 7)]
    assert session.evaluate("y").value == "8"
    session.resume("continue")
    assert driver.next(Exited).code == 0


def test_error_objects_expand_to_their_fields(driver: Driver, project: Callable[[str], str]) -> None:
    session = driver.session
    source = 'try {\n    x = [1][5];\n} except (e) {\n    print(e.type);\n}\n'
    session.launch(LaunchConfig(program=project(source)))
    session.set_breakpoints(session.main_file, [BreakpointRequest(4)])
    session.start()
    driver.next(Stopped)
    error = session.evaluate("e")
    assert (error.type, error.value) == ("error", "array index out of range")
    fields = {v.name: v.value for v in session.variables(error.reference)}
    assert fields["type"] == '"IndexError"' and fields["message"] == '"array index out of range"'
    assert fields["line"] == "2"
    session.resume("continue")
    assert driver.next(Exited).code == 0


def test_uncaught_error_inside_a_module_stops_there(driver: Driver, project: Callable[[str], str]) -> None:
    session = driver.session
    session.launch(LaunchConfig(program=project(MAIN.replace("util.twice(y)", "util.twice(null)"))))
    session.set_exception_filters([UNCAUGHT])
    session.start()
    stopped = driver.next(Stopped)
    assert stopped.reason == "exception" and "TypeError" in stopped.description
    assert [(entry.name, entry.line) for entry in session.stack()][:2] == [("twice", 2), ("<anonymous>", 3)]
    assert session.evaluate("v").value == "null"
    details = session.exception()
    assert details is not None and details.error_type == "TypeError"
    session.resume("continue")
    assert driver.next(Exited).code == 1
    assert "util.ml:2:" in driver.output("stderr")


def test_terminating_skips_the_programs_finally_blocks(driver: Driver, project: Callable[[str], str]) -> None:
    session = driver.session
    source = 'try {\n    x = 1;\n    print("body");\n} finally {\n    print("finally");\n}\n'
    session.launch(LaunchConfig(program=project(source), stop_on_entry=True))
    session.start()
    assert driver.next(Stopped).reason == "entry"
    session.terminate()
    assert driver.next(Exited).code == 1
    driver.next(Terminated)
    assert driver.output() == ""
