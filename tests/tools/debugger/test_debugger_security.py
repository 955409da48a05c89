"""What a person at the debugger types is ML: it reaches no Python object and no ungranted resource.

Every route a debugger opens is tried here: the console (evaluate), breakpoint conditions, logpoint
messages and the variables view. None may show a Python object (its repr, its attributes) or read
what the program was not granted.
"""

from __future__ import annotations

import queue
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from mlpy.tools.debugger.events import Event, Exited, Output, Stopped
from mlpy.tools.debugger.session import BreakpointRequest, DebugSession, LaunchConfig, SessionError
from mlpy.tools.debugger.values import Variable

TIMEOUT = 10.0
PYTHON_TEXT = re.compile(r"<class|<built-in|<module '|<bound method|<code object|<frame|<function \w+ at"
                         r"| at 0x[0-9a-fA-F]+|mappingproxy|__builtins__|__globals__|root:x:0:0")

PROGRAM = """\
import math;
import util;
function helper(v) {
    return v;
}
values = [math, util, helper, print, fn(x) => x, {f: helper}];
secret_path = "SECRET";
print("ready");
"""


@pytest.fixture
def paused(tmp_path: Path) -> Iterator[tuple[DebugSession, queue.Queue[Event], Path]]:
    """A session paused on the program's last line, granted only ``read`` of ``allowed.txt``."""
    (tmp_path / "util.ml").write_text("function twice(v) { return v * 2; }\n", encoding="utf-8")
    (tmp_path / "allowed.txt").write_text("fine", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("TOP-SECRET", encoding="utf-8")
    main = tmp_path / "main.ml"
    main.write_text(PROGRAM.replace("SECRET", str(tmp_path / "secret.txt")), encoding="utf-8")
    events: queue.Queue[Event] = queue.Queue()
    session = DebugSession(events.put)
    session.launch(LaunchConfig(program=str(main), capabilities=(f"read:{tmp_path / 'allowed.txt'}",)))
    session.set_breakpoints(str(main), [BreakpointRequest(8)])
    session.start()
    while not isinstance(events.get(timeout=TIMEOUT), Stopped):
        pass
    yield session, events, tmp_path
    session.terminate()
    assert session.wait(TIMEOUT)


def _all_variables(session: DebugSession, variables: list[Variable], depth: int = 0) -> list[Variable]:
    found = list(variables)
    if depth < 4:
        for variable in variables:
            if variable.reference:
                found += _all_variables(session, session.variables(variable.reference), depth + 1)
    return found


def test_the_variables_view_shows_ml_text_only(paused: tuple[DebugSession, queue.Queue[Event], Path]) -> None:
    session, _events, _tmp = paused
    scopes = session.scopes(1)
    shown = _all_variables(session, [v for _name, ref in scopes for v in session.variables(ref)])
    names = {variable.name for variable in shown}
    assert {"values", "helper", "math", "util", "secret_path"} <= names
    assert not any(name.startswith("__") for name in names)
    for variable in shown:
        assert not PYTHON_TEXT.search(variable.value), variable
    # Modules and functions never expand: only plain arrays and objects do.
    expandable = {variable.type for variable in shown if variable.reference}
    assert expandable <= {"array", "object"}


@pytest.mark.parametrize("text", [
    'getattr(math, "__dict__")', 'getattr(helper, "__code__")', 'getattr(print, "__self__")',
    "values[0]", "values[2]", "typeof(values[1])", "str(values)", "repr(util)", "math", "dir(math)",
    'getattr(util, "twice")', 'helper("x")',
])
def test_evaluation_results_are_ml_values(paused: tuple[DebugSession, queue.Queue[Event], Path],
                                          text: str) -> None:
    session, _events, _tmp = paused
    try:
        shown = session.evaluate(text)
    except SessionError as error:
        assert not PYTHON_TEXT.search(str(error)), str(error)
        return
    assert not PYTHON_TEXT.search(shown.value), shown


def test_evaluation_has_the_programs_grants_and_no_more(
        paused: tuple[DebugSession, queue.Queue[Event], Path]) -> None:
    session, _events, tmp_path = paused
    assert session.evaluate(f'import file; file.read("{tmp_path / "allowed.txt"}")').value == '"fine"'
    attempts = [
        "import file; file.read(secret_path)",
        'import env; env.get("HOME")',
        # A capability block in the console only requests; it grants nothing.
        'capability Steal { resource "*"; allow read "*"; }\nimport file; file.read(secret_path)',
    ]
    for text in attempts:
        with pytest.raises(SessionError, match="CapabilityError") as refused:
            session.evaluate(text)
        assert "TOP-SECRET" not in str(refused.value)


def test_conditions_and_logpoints_are_ml_under_the_same_rules(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("TOP-SECRET", encoding="utf-8")
    main = tmp_path / "main.ml"
    main.write_text("total = 0;\nfor (i in [1, 2]) {\n    total = total + i;\n}\nprint(total);\n",
                    encoding="utf-8")
    events: queue.Queue[Event] = queue.Queue()
    session = DebugSession(events.put)
    session.launch(LaunchConfig(program=str(main)))
    secret = tmp_path / "secret.txt"
    session.set_breakpoints(str(main), [
        BreakpointRequest(3, log_message=f'i={{i}} leak={{import file; file.read("{secret}")}} '
                                         "py={__class__} fn={print}"),
        BreakpointRequest(5, condition=f'import file; file.read("{secret}") != ""'),
    ])
    session.start()
    seen: list[Event] = []
    while True:
        event = events.get(timeout=TIMEOUT)
        seen.append(event)
        if isinstance(event, Stopped):
            session.resume("continue")  # a failing condition stops (and says why)
        if isinstance(event, Exited):
            break
    text = "".join(e.text for e in seen if isinstance(e, Output))
    assert "TOP-SECRET" not in text
    assert not PYTHON_TEXT.search(text.replace("py={", "")), text
    logs = [e.text for e in seen if isinstance(e, Output) and e.category == "console"]
    assert logs[0].startswith("i=1 leak={") and "CapabilityError" in logs[0]
    assert "SyntaxError" in logs[0] and "fn=<function print>" in logs[0]
    assert any("breakpoint condition" in log and "CapabilityError" in log for log in logs)
    assert [e.reason for e in seen if isinstance(e, Stopped)] == ["breakpoint"]
