"""Limits of a debugged program, set in the launch configuration (``timeout``, ``maxSteps``,
``maxOutput``, ``maxRecursion``), driven by a real Debug Adapter Protocol client over stdio."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from dap_client import DapClient

LOOP = "n = 0;\nwhile (true) {\n    n = n + 1;\n}\n"
"""An infinite loop: line 2 is the ``while``."""


def test_a_timeout_ends_an_infinite_loop_with_the_timeout_error(dap: DapClient,
                                                                 write_program: Callable[..., str]) -> None:
    path = write_program(LOOP)
    dap.start(path, timeout=1, filters=())
    dap.event("terminated")
    assert dap.events("exited") == [{"exitCode": 1}]
    assert dap.output("stderr") == ('prog.ml:2:1: TimeoutError: time limit of 1.0 s exceeded '
                                    '("timeout" in launch.json)\n    while (true) {\n    ^\n')


def test_a_timed_out_program_stops_where_it_was_running_on_uncaught_errors(
        dap: DapClient, write_program: Callable[..., str]) -> None:
    """With the "Uncaught errors" filter the debugger shows where the runaway loop was."""
    dap.start(write_program(LOOP), timeout=0.5)
    stopped = dap.event("stopped")
    assert stopped["reason"] == "exception"
    assert stopped["description"] == 'TimeoutError: time limit of 0.5 s exceeded ("timeout" in launch.json)'
    assert dap.stack()[0][0] == "<top level>" and dap.stack()[0][1] in (2, 3)
    assert dap.ok("evaluate", expression="n > 0")["result"] == "true"
    dap.ok("continue", threadId=1)
    dap.event("terminated")
    assert dap.events("exited") == [{"exitCode": 1}]


def test_max_steps_ends_an_infinite_loop_with_the_step_limit(dap: DapClient,
                                                              write_program: Callable[..., str]) -> None:
    dap.start(write_program(LOOP), maxSteps=1000, filters=())
    dap.event("terminated")
    assert dap.events("exited") == [{"exitCode": 1}]
    assert dap.output("stderr").startswith(
        'prog.ml:2:1: LimitError: step limit of 1000 exceeded ("maxSteps" in launch.json)\n')


def test_max_steps_also_applies_without_debugging(dap: DapClient, write_program: Callable[..., str]) -> None:
    dap.start(write_program(LOOP), maxSteps=5000, noDebug=True)
    dap.event("terminated")
    assert 'step limit of 5000 exceeded ("maxSteps" in launch.json)' in dap.output("stderr")


def test_max_output_ends_a_program_that_prints_too_much(dap: DapClient,
                                                        write_program: Callable[..., str]) -> None:
    dap.start(write_program('while (true) {\n    print("0123456789");\n}\n'), maxOutput=25, filters=())
    dap.event("terminated")
    assert dap.events("exited") == [{"exitCode": 1}]
    assert dap.output("stdout") == "0123456789\n0123456789\n012"  # exactly 25 bytes, as mlpy run prints
    assert 'output limit of 25 bytes exceeded ("maxOutput" in launch.json)' in dap.output("stderr")


def test_a_program_within_its_limits_runs_to_the_end(dap: DapClient,
                                                     write_program: Callable[..., str]) -> None:
    dap.start(write_program(), timeout=30, maxSteps=10_000, maxOutput=1000)
    assert dap.event("exited")["exitCode"] == 0
    assert dap.output("stdout") == "result 10\n"


def test_time_paused_at_a_breakpoint_does_not_count_against_the_timeout(
        dap: DapClient, write_program: Callable[..., str]) -> None:
    """The timeout counts running time: a pause longer than the limit leaves the program alive."""
    path = write_program('total = 0;\nfor (i in [1, 2, 3]) {\n    total = total + i;\n}\n'
                         'print("total " + str(total));\n')
    dap.start(path, timeout=1, breakpoints={path: [{"line": 3}]})
    assert dap.event("stopped")["reason"] == "breakpoint"
    time.sleep(1.5)  # a person looking at the variables for longer than the time limit
    assert dap.ok("evaluate", expression="total")["result"] == "0"
    dap.ok("setBreakpoints", source={"path": path}, breakpoints=[])
    dap.ok("continue", threadId=1)
    assert dap.event("exited")["exitCode"] == 0, dap.output()
    assert dap.output("stdout") == "total 6\n"


STEPS_PROGRAM = """\
function inc(a) { return a + 1; }
function twice(a) {
    b = inc(a);
    return inc(b);
}
print(twice(1));
"""
"""A one-line function (line 1) and one whose body starts below its header (line 2)."""


def test_stepping_under_limits_stops_on_the_same_lines_as_without(dap: DapClient,
                                                                   write_program: Callable[..., str]) -> None:
    """A limited run counts a step on entering a function, on its header line: stepping in still
    stops first on the body's first line, and a one-line function still stops on its line."""
    path = write_program(STEPS_PROGRAM)
    dap.start(path, timeout=30, maxSteps=1000, stopOnEntry=True,
              breakpoints={path: [{"line": 2}]})  # the header: it runs once, defining twice
    assert dap.event("stopped")["reason"] == "entry"

    def step(command: str) -> list[tuple[str, int]]:
        dap.ok(command, threadId=1)
        dap.event("stopped")
        return dap.stack()

    assert step("continue") == [("<top level>", 2)]  # the definition, not each call of twice
    assert step("next") == [("<top level>", 6)]
    assert step("stepIn") == [("twice", 3), ("<top level>", 6)]
    assert step("stepIn") == [("inc", 1), ("twice", 3), ("<top level>", 6)]
    assert step("stepOut") == [("twice", 3), ("<top level>", 6)]
    dap.ok("continue", threadId=1)
    assert dap.event("exited")["exitCode"] == 0
    assert dap.output("stdout") == "3\n"


RECURSION = """\
d = 0;
function f(n) {
    nonlocal d;
    d = n;
    return f(n + 1);
}
try {
    f(1);
} except (e) {
    print(e.type, d);
}
function g(n) {
    return n == 0 ? 0 : 1 + g(n - 1);
}
print(g(45));
"""
"""Runaway recursion caught at the depth limit (line 4 runs at every depth), then a recursion of
45 calls that fits: the depth went back to zero."""


@pytest.mark.parametrize("launch", [{}, {"noDebug": True}], ids=["debugging", "noDebug"])
def test_max_recursion_raises_a_catchable_recursion_error_at_the_depth(
        dap: DapClient, write_program: Callable[..., str], launch: dict[str, Any]) -> None:
    dap.start(write_program(RECURSION), maxRecursion=50, **launch)
    assert dap.event("exited")["exitCode"] == 0, dap.output()
    assert dap.output("stdout") == "RecursionError 50\n45\n"


def test_max_recursion_counts_the_calls_the_debugger_follows_and_those_it_does_not(
        dap: DapClient, write_program: Callable[..., str]) -> None:
    """Stopping in the recursion (frames then followed line by line) keeps the count exact."""
    path = write_program(RECURSION)
    dap.start(path, maxRecursion=50, breakpoints={path: [{"line": 4, "condition": "n == 10"}]})
    assert dap.event("stopped")["reason"] == "breakpoint"
    assert len(dap.stack()) == 11  # f ten times under the top level
    dap.ok("setBreakpoints", source={"path": path}, breakpoints=[])
    for _ in range(4):  # into f(11): its lines 4, 5, then 4 of f(12)...
        dap.ok("stepIn", threadId=1)
        dap.event("stopped")
    assert len(dap.stack()) == 13
    dap.ok("continue", threadId=1)
    assert dap.event("exited")["exitCode"] == 0, dap.output()
    assert dap.output("stdout") == "RecursionError 50\n45\n"


TIMEOUT_EXPECTED = "a positive number of seconds of running time (such as 5 or 0.5)"
STEPS_EXPECTED = "a positive whole number of loop iterations plus calls (such as 1000000)"
OUTPUT_EXPECTED = "a positive whole number of bytes the program may print (such as 65536)"


@pytest.mark.parametrize(("attributes", "message"), [
    ({"timeout": "5"}, f'launch.json attribute "timeout" must be {TIMEOUT_EXPECTED}, not "5"'),
    ({"timeout": 0}, f'launch.json attribute "timeout" must be {TIMEOUT_EXPECTED}, not 0'),
    ({"timeout": -2.5}, f'launch.json attribute "timeout" must be {TIMEOUT_EXPECTED}, not -2.5'),
    ({"timeout": True}, f'launch.json attribute "timeout" must be {TIMEOUT_EXPECTED}, not true'),
    ({"timeout": 1e300}, 'launch.json attribute "timeout" must be at most 9223372036 seconds, not 1e+300'),
    ({"maxSteps": 1.5}, f'launch.json attribute "maxSteps" must be {STEPS_EXPECTED}, not 1.5'),
    ({"maxSteps": -1}, f'launch.json attribute "maxSteps" must be {STEPS_EXPECTED}, not -1'),
    ({"maxSteps": [100]}, f'launch.json attribute "maxSteps" must be {STEPS_EXPECTED}, not [100]'),
    ({"maxOutput": "1kB"}, f'launch.json attribute "maxOutput" must be {OUTPUT_EXPECTED}, not "1kB"'),
    ({"maxMemory": 64}, '"maxMemory" is not available in a debug session: memory is measured for the '
                        "whole process, which the debugger shares with the program; to limit a "
                        "program's memory run it with mlpy run --sandbox --max-memory MB"),
    ({"maxRecursion": 0}, 'launch.json attribute "maxRecursion" must be a positive whole number of '
                          "nested calls (such as 200), not 0"),
])
def test_a_bad_limit_fails_the_launch_naming_the_attribute(dap: DapClient, write_program: Callable[..., str],
                                                           attributes: dict[str, Any], message: str) -> None:
    dap.ok("initialize", adapterID="ml")
    failed = dap.response(dap.send("launch", program=write_program(LOOP), **attributes))
    assert not failed["success"]
    assert failed["message"] == message
    assert failed["body"]["error"]["showUser"] is True


def test_whole_numbers_may_be_written_in_scientific_notation_and_null_means_unlimited(
        dap: DapClient, write_program: Callable[..., str]) -> None:
    """JSON has one number type: ``1e3`` steps is 1000; ``null`` leaves a limit off."""
    dap.start(write_program(LOOP), maxSteps=1e3, timeout=None, maxOutput=None, filters=())
    dap.event("terminated")
    assert 'step limit of 1000 exceeded ("maxSteps" in launch.json)' in dap.output("stderr")


def test_the_vscode_extension_declares_exactly_the_limits_mlpy_dap_reads() -> None:
    """editors/vscode/package.json offers the attributes ``limits.py`` reads, not the one it refuses."""
    from mlpy.tools.dap.limits import LIMIT_ATTRIBUTES, REFUSED_ATTRIBUTES

    manifest = json.loads((Path(__file__).parents[3] / "editors" / "vscode" / "package.json")
                          .read_text(encoding="utf-8"))
    properties = manifest["contributes"]["debuggers"][0]["configurationAttributes"]["launch"]["properties"]
    for limit in LIMIT_ATTRIBUTES:
        assert properties[limit.attribute]["type"] == ("integer" if limit.whole else "number")
    assert not set(REFUSED_ATTRIBUTES) & set(properties)
