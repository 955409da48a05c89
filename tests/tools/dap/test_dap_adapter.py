"""``mlpy dap`` driven by a real Debug Adapter Protocol client over stdio (see ``dap_client.py``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from dap_client import DapClient


def test_initialize_announces_the_capabilities(dap: DapClient, write_program: Callable[..., str]) -> None:
    capabilities = dap.start(write_program())
    assert capabilities["supportsConfigurationDoneRequest"] is True
    assert capabilities["supportsConditionalBreakpoints"] is True
    assert capabilities["supportsLogPoints"] is True
    assert capabilities["supportsEvaluateForHovers"] is True
    assert [f["filter"] for f in capabilities["exceptionBreakpointFilters"]] == ["uncaught"]
    assert dap.event("exited")["exitCode"] == 0
    dap.event("terminated")
    assert dap.output("stdout") == "result 10\n"
    dap.ok("disconnect")
    assert dap.close() == 0


def test_breakpoint_stops_at_its_ml_line_with_ml_frame_names(dap: DapClient,
                                                             write_program: Callable[..., str]) -> None:
    path = write_program()
    dap.start(path, breakpoints={path: [{"line": 3}]})
    assert dap.last_breakpoints == [{"id": dap.last_breakpoints[0]["id"], "verified": True, "line": 3}]
    stopped = dap.event("stopped")
    assert (stopped["reason"], stopped["threadId"]) == ("breakpoint", 1)
    assert stopped["hitBreakpointIds"] == [dap.last_breakpoints[0]["id"]]
    assert dap.ok("threads")["threads"] == [{"id": 1, "name": "ML program"}]
    assert dap.stack() == [("add", 3), ("total", 10), ("<top level>", 17)]
    frame = dap.ok("stackTrace", threadId=1)["stackFrames"][0]
    assert frame["source"] == {"name": "prog.ml", "path": path}
    for _ in range(3):  # add runs four times
        dap.ok("continue", threadId=1)
        assert dap.event("stopped")["reason"] == "breakpoint"
    assert dap.scope(dap.top_frame(), "Locals")["a"]["value"] == "6"
    dap.ok("continue", threadId=1)
    assert dap.event("exited")["exitCode"] == 0
    dap.event("terminated")
    assert dap.output("stdout") == "result 10\n"
    dap.ok("disconnect")
    assert dap.close() == 0


def test_breakpoints_move_to_the_next_line_with_code_or_stay_unverified(
        dap: DapClient, write_program: Callable[..., str]) -> None:
    path = write_program()
    dap.ok("initialize", adapterID="ml")
    placed = dap.ok("setBreakpoints", source={"path": path},
                    breakpoints=[{"line": 1}, {"line": 5}, {"line": 11}, {"line": 400}])["breakpoints"]
    assert [(b["verified"], b["line"]) for b in placed] == [(True, 2), (True, 7), (True, 12), (False, 400)]
    assert "no code" in placed[3]["message"]
    missing = dap.ok("setBreakpoints", source={"path": str(Path(path).with_name("nope.ml"))},
                     breakpoints=[{"line": 1}])["breakpoints"]
    assert missing[0]["verified"] is False and missing[0]["message"]


def test_variables_show_ml_values_and_expand_nested_arrays_and_objects(
        dap: DapClient, write_program: Callable[..., str]) -> None:
    path = write_program()
    dap.start(path, breakpoints={path: [{"line": 17}]})
    assert dap.event("stopped")["reason"] == "breakpoint"
    scopes = [scope["name"] for scope in dap.ok("scopes", frameId=dap.top_frame())["scopes"]]
    assert scopes == ["Globals"]  # the top level has no separate locals
    names = dap.scope(dap.top_frame(), "Globals")
    assert set(names) == {"add", "total", "data", "class"}  # `class` unmangled, no generated names
    assert names["class"]["value"] == '"kw"'
    assert names["add"]["value"] == "<function add>"
    data = names["data"]
    assert data["value"] == '[1, [2, 3], {"name": "ml", "tags": ["x"]}]'
    assert (data["type"], data["indexedVariables"]) == ("array", 3)
    items = dap.children(data["variablesReference"])
    assert items["0"] == {"name": "0", "value": "1", "type": "number", "variablesReference": 0}
    inner = dap.children(items["1"]["variablesReference"])
    assert [(v["name"], v["value"]) for v in inner.values()] == [("0", "2"), ("1", "3")]
    obj = dap.children(items["2"]["variablesReference"])
    assert obj["name"]["value"] == '"ml"'
    assert dap.children(obj["tags"]["variablesReference"])["0"]["value"] == '"x"'
    # A long array is paged as the client asks (VS Code shows groups of 100 items).
    long = dap.ok("evaluate", expression="range(250)", frameId=dap.top_frame())
    assert long["indexedVariables"] == 250
    page = dap.ok("variables", variablesReference=long["variablesReference"], filter="indexed",
                  start=100, count=100)["variables"]
    assert [v["name"] for v in page] == [str(n) for n in range(100, 200)]
    assert page[0]["value"] == "100"
    assert dap.ok("variables", variablesReference=long["variablesReference"], filter="named")["variables"] == []
    dap.ok("disconnect")
    assert dap.close() == 0


def test_step_over_in_and_out(dap: DapClient, write_program: Callable[..., str]) -> None:
    dap.start(write_program(), stopOnEntry=True)
    assert dap.event("stopped")["reason"] == "entry"
    assert dap.stack() == [("<top level>", 2)]

    def step(command: str) -> list[tuple[str, int]]:
        dap.ok(command, threadId=1)
        assert dap.event("stopped")["reason"] == "step"
        return dap.stack()

    assert step("next") == [("<top level>", 7)]
    assert step("next") == [("<top level>", 15)]
    assert step("next") == [("<top level>", 16)]
    assert step("next") == [("<top level>", 17)]
    assert step("stepIn") == [("total", 8), ("<top level>", 17)]
    assert step("next") == [("total", 9), ("<top level>", 17)]
    assert step("next") == [("total", 10), ("<top level>", 17)]
    assert step("next") == [("total", 9), ("<top level>", 17)]  # over the call of add
    assert step("next") == [("total", 10), ("<top level>", 17)]
    assert step("stepIn") == [("add", 3), ("total", 10), ("<top level>", 17)]
    assert step("next") == [("add", 4), ("total", 10), ("<top level>", 17)]
    # Out of add: back on the line of the call, before its result is assigned.
    assert step("stepOut") == [("total", 10), ("<top level>", 17)]
    assert dap.scope(dap.top_frame(), "Locals")["sum"]["value"] == "1"
    assert step("stepOut") == [("<top level>", 17)]
    assert step("next") == [("<top level>", 18)]
    assert dap.output("stdout") == ""
    dap.ok("continue", threadId=1)
    assert dap.event("exited")["exitCode"] == 0
    assert dap.output("stdout") == "result 10\n"


def test_evaluate_ml_in_a_frame(dap: DapClient, write_program: Callable[..., str]) -> None:
    path = write_program()
    dap.start(path, breakpoints={path: [{"line": 4}]})
    dap.event("stopped")
    frames = dap.ok("stackTrace", threadId=1)["stackFrames"]
    add_frame, total_frame = frames[0]["id"], frames[1]["id"]
    value = dap.ok("evaluate", expression="a * 10 + c", frameId=add_frame, context="repl")
    assert (value["result"], value["type"]) == ("1", "number")
    assert dap.ok("evaluate", expression="items.length", frameId=total_frame)["result"] == "4"
    assert dap.ok("evaluate", expression="[item, sum]", frameId=total_frame, context="hover")["result"] \
        == "[1, 0]"
    listed = dap.ok("evaluate", expression="items", frameId=total_frame)
    assert dap.children(listed["variablesReference"])["3"]["value"] == "4"
    assert dap.ok("evaluate", expression="add(20, 22)", frameId=add_frame)["result"] == "42"
    assert dap.ok("evaluate", expression='"x" + str(b)')["result"] == '"x1"'
    failed = dap.request("evaluate", expression="nosuch + 1", frameId=add_frame)
    assert failed["success"] is False
    assert "<evaluate>:1:1: NameError: Unknown identifier 'nosuch'" in failed["message"]
    # Evaluation does not stop at breakpoints and leaves the program where it was.
    assert dap.stack()[0] == ("add", 4)
    dap.ok("disconnect")
    assert dap.close() == 0


def test_evaluate_runs_under_the_programs_grants(dap: DapClient, write_program: Callable[..., str],
                                                 tmp_path: Path) -> None:
    (tmp_path / "granted.txt").write_text("granted text", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    path = write_program()
    dap.start(path, breakpoints={path: [{"line": 18}]},
              capabilities=[f"read:{tmp_path / 'granted.txt'}"], cwd=str(tmp_path))
    dap.event("stopped")
    granted = dap.ok("evaluate", expression=f'import file; file.read("{tmp_path / "granted.txt"}")')
    assert granted["result"] == '"granted text"'
    refused = dap.request("evaluate", expression=f'import file; file.read("{tmp_path / "secret.txt"}")')
    assert refused["success"] is False
    assert "CapabilityError" in refused["message"] and "secret.txt" in refused["message"]
    dap.ok("disconnect")
    assert dap.close() == 0


def test_conditional_breakpoint_stops_only_when_its_ml_condition_holds(
        dap: DapClient, write_program: Callable[..., str]) -> None:
    path = write_program()
    dap.start(path, breakpoints={path: [{"line": 3, "condition": "b == 3 && a > 0"}]})
    assert dap.event("stopped")["reason"] == "breakpoint"
    locals_ = dap.scope(dap.top_frame(), "Locals")
    assert (locals_["a"]["value"], locals_["b"]["value"]) == ("3", "3")
    dap.ok("continue", threadId=1)
    assert dap.event("exited")["exitCode"] == 0
    assert len(dap.events("stopped")) == 1


def test_logpoint_prints_its_message_without_stopping(dap: DapClient,
                                                      write_program: Callable[..., str]) -> None:
    path = write_program()
    dap.start(path, breakpoints={path: [{"line": 10, "logMessage": "sum={sum} item={item} {[item]}"}]})
    assert dap.event("exited")["exitCode"] == 0
    assert dap.events("stopped") == []
    assert dap.output("console") == ("sum=0 item=1 [1]\nsum=1 item=2 [2]\nsum=3 item=3 [3]\n"
                                     "sum=6 item=4 [4]\n")
    assert dap.output("stdout") == "result 10\n"
    logged = [body for body in dap.events("output") if body["category"] == "console"]
    assert {(body["source"]["path"], body["line"]) for body in logged} == {(path, 10)}


ERRORS = """\
function inner(x) {
    local = x * 2;
    return x.missing.deep;
}
function outer() {
    try {
        throw {message: "caught, no stop"};
    } except (e) {
        print("handled");
    }
    return inner(21);
}
print("before");
outer();
print("never");
"""


def test_uncaught_error_stops_where_it_happened(dap: DapClient, write_program: Callable[..., str]) -> None:
    dap.start(write_program(ERRORS))
    stopped = dap.event("stopped")
    assert stopped["reason"] == "exception"
    assert stopped["description"] == "AttributeError: 'number' has no member 'missing'"
    assert dap.stack() == [("inner", 3), ("outer", 11), ("<top level>", 14)]
    assert dap.scope(dap.top_frame(), "Locals")["local"]["value"] == "42"
    info = dap.ok("exceptionInfo", threadId=1)
    assert info["breakMode"] == "unhandled"
    assert "prog.ml:3:" in info["details"]["stackTrace"]
    assert dap.ok("evaluate", expression="x + 1", frameId=dap.top_frame())["result"] == "22"
    dap.ok("continue", threadId=1)
    assert dap.event("exited")["exitCode"] == 1
    dap.event("terminated")
    assert dap.output("stdout") == "before\nhandled\n"
    assert "prog.ml:3:" in dap.output("stderr") and "no member 'missing'" in dap.output("stderr")


def test_uncaught_errors_do_not_stop_without_the_filter(dap: DapClient,
                                                        write_program: Callable[..., str]) -> None:
    dap.start(write_program(ERRORS), filters=())
    assert dap.event("exited")["exitCode"] == 1
    assert dap.events("stopped") == []


def test_no_debug_runs_without_stopping(dap: DapClient, write_program: Callable[..., str]) -> None:
    path = write_program(ERRORS)
    dap.start(path, breakpoints={path: [{"line": 2}]}, noDebug=True, stopOnEntry=True)
    assert dap.event("exited")["exitCode"] == 1
    assert dap.events("stopped") == []
    assert dap.output("stdout") == "before\nhandled\n"


def test_launch_passes_arguments_and_working_directory(dap: DapClient, write_program: Callable[..., str],
                                                       tmp_path: Path) -> None:
    (tmp_path / "work").mkdir()
    (tmp_path / "work" / "data.txt").write_text("relative", encoding="utf-8")
    path = write_program('import args;\nimport file;\nprint(args.all());\nprint(file.read("data.txt"));\n')
    dap.start(path, args=["one", "two words"], cwd=str(tmp_path / "work"), capabilities=["read:data.txt"])
    assert dap.event("exited")["exitCode"] == 0, dap.output()
    assert dap.output("stdout") == f'["{path}", "one", "two words"]\nrelative\n'


def test_pause_and_terminate_a_running_program(dap: DapClient, write_program: Callable[..., str]) -> None:
    dap.start(write_program('n = 0;\nprint("looping");\nwhile (true) {\n    n = n + 1;\n}\n'))
    assert dap.event("output")["output"] == "looping\n"
    dap.ok("pause", threadId=1)
    assert dap.event("stopped")["reason"] == "pause"
    name, line = dap.stack()[0]
    assert name == "<top level>" and line in (3, 4)
    assert dap.ok("evaluate", expression="n >= 0")["result"] == "true"
    dap.ok("terminate")
    dap.event("terminated")
    dap.ok("disconnect")
    assert dap.close() == 0


def test_a_program_that_does_not_compile_fails_the_launch(dap: DapClient,
                                                          write_program: Callable[..., str]) -> None:
    path = write_program("x = 1;\ny = (2 + ;\n")
    dap.ok("initialize", adapterID="ml")
    failed = dap.request("launch", program=path)
    assert failed["success"] is False
    assert "prog.ml:2:" in failed["message"] and "SyntaxError" in failed["message"]
    missing = dap.request("launch", program=str(Path(path).with_name("absent.ml")))
    assert missing["success"] is False and "absent.ml" in missing["message"]
    bad_grant = dap.request("launch", program=write_program("print(1);\n", "ok.ml"), capabilities=["bogus:x"])
    assert bad_grant["success"] is False and "unknown capability 'bogus:x'" in bad_grant["message"]
    dap.ok("disconnect")
    assert dap.close() == 0


def test_a_refused_capability_advises_the_launch_configurations_capabilities(
        dap: DapClient, write_program: Callable[..., str], tmp_path: Path) -> None:
    """In an editor the grants come from launch.json, so a refusal names that, not mlpy's flags."""
    secret = tmp_path / "secret.txt"
    secret.write_text("secret", encoding="utf-8")
    dap.start(write_program(f'import file;\nprint("before");\nx = file.read("{secret}");\n'),
              capabilities=[f"read:{tmp_path / 'other.txt'}"])
    stopped = dap.event("stopped")
    expected = (f"CapabilityError: file.read: reading '{secret}' is not allowed (no read grant covers it). "
                f'Add "read:{secret}" to "capabilities" in launch.json to allow it.')
    assert stopped["reason"] == "exception" and stopped["description"] == expected
    refused = dap.request("evaluate", expression=f'file.read("{secret}")', frameId=dap.top_frame())
    assert refused["success"] is False
    assert f'Add "read:{secret}" to "capabilities" in launch.json to allow it.' in refused["message"]
    dap.ok("continue", threadId=1)
    assert dap.event("exited")["exitCode"] == 1
    assert expected.partition(": ")[2] in dap.output("stderr") and "--allow-" not in dap.output("stderr")


def test_a_launch_refused_for_a_capability_request_advises_launch_json(
        dap: DapClient, write_program: Callable[..., str]) -> None:
    path = write_program('capability Files {\n    resource "*.txt";\n    allow read "*.txt";\n}\nprint(1);\n')
    dap.ok("initialize", adapterID="ml")
    failed = dap.request("launch", program=path)
    assert failed["success"] is False and "CapabilityError" in failed["message"]
    folder = Path(path).parent  # the request's "*.txt", resolved next to the program
    assert f'grant them with "read:{folder}" in "capabilities" in launch.json' in failed["message"]
    assert "--allow-" not in failed["message"]
    dap.ok("disconnect")
    assert dap.close() == 0


def test_an_evaluation_out_of_time_names_its_own_bound_not_a_flag(
        dap: DapClient, write_program: Callable[..., str]) -> None:
    """The debugger stops every evaluation after 10 s; --timeout or launch.json cannot change it."""
    path = write_program()
    dap.start(path, breakpoints={path: [{"line": 4}]})
    dap.event("stopped")
    failed = dap.request("evaluate", timeout=60, expression="while (true) {}", frameId=dap.top_frame())
    assert failed["success"] is False
    assert failed["message"].splitlines() == [
        "<evaluate>:1:1: TimeoutError: time limit of 10.0 s exceeded (each debugger evaluation stops "
        "after 10 s and no setting changes that; simplify the expression)",
        "    while (true) {}",
        "    ^",
    ]
    assert dap.ok("evaluate", expression="c", frameId=dap.top_frame())["result"] == "1"  # still usable
    dap.ok("disconnect")
    assert dap.close() == 0
