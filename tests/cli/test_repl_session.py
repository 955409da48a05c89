"""MLREPLSession: entries, echo, persistent state, errors and the general dot-commands."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlpy.cli.repl import COMMAND_NAMES, HELP_TEXT, MLREPLSession
from mlpy.modules.registry import reset_registry


def echo(repl: MLREPLSession, text: str) -> str | None:
    result = repl.execute(text)
    assert result.error is None, result.error
    return result.echo


# -- entries and echo ------------------------------------------------------------------------------

def test_expression_results_are_echoed_in_ml_notation(session: MLREPLSession) -> None:
    assert echo(session, "1 + 2") == "=> 3"
    assert echo(session, '"text"') == '=> "text"'
    assert echo(session, "[1, true, null]") == "=> [1, true, null]"
    assert echo(session, '{a: 1, "b c": [2]}') == '=> {"a": 1, "b c": [2]}'
    assert echo(session, "0.1 + 0.2") == "=> 0.30000000000000004"


def test_comparisons_are_echoed_and_statements_are_not(session: MLREPLSession) -> None:
    assert echo(session, "x = 5;") is None
    assert echo(session, "x == 5") == "=> true"
    assert echo(session, "x != 5;") == "=> false"


def test_null_result_is_not_echoed_but_is_reported_as_a_value(session: MLREPLSession) -> None:
    result = session.execute("null")
    assert result.echo is None and result.has_value and result.value is None


def test_state_persists_across_entries(session: MLREPLSession) -> None:
    session.execute("x = 2;")
    session.execute("function triple(a) { return a * 3; }")
    assert echo(session, "triple(x)") == "=> 6"
    session.execute("adder = fn(n) => n + x;")
    assert echo(session, "adder(40)") == "=> 42"


def test_nonlocal_at_top_level_rebinds_the_session_variable(session: MLREPLSession) -> None:
    session.execute("count = 1;")
    session.execute("function bump() { nonlocal count; count += 1; }")
    session.execute("bump(); bump();")
    assert echo(session, "count") == "=> 3"
    session.execute("nonlocal count; count = 10;")
    assert echo(session, "count") == "=> 10"


def test_printed_output_is_captured_without_a_stream(session: MLREPLSession) -> None:
    result = session.execute('print("hi", 1 + 1); print([true]);')
    assert result.output == "hi 2\n[true]\n"
    assert result.echo is None


def test_printed_output_streams_to_a_given_stream() -> None:
    import io

    reset_registry()
    stream = io.StringIO()
    repl = MLREPLSession(output=stream)
    result = repl.execute('print("streamed");')
    assert stream.getvalue() == "streamed\n"
    assert result.output == ""


def test_output_before_an_error_is_kept(session: MLREPLSession) -> None:
    result = session.execute('print("before"); 1 / 0;')
    assert result.output == "before\n"
    assert result.error is not None and "ZeroDivisionError: division by zero" in result.error


def test_runtime_error_is_formatted_with_position(session: MLREPLSession) -> None:
    session.execute("a = [1, 2];")
    result = session.execute("b = 1;\nc = a[5];")
    assert not result.success
    assert result.error is not None
    lines = result.error.splitlines()
    assert lines[0].startswith(f"<repl-{session._entry_count}>:2:5: IndexError:")
    assert lines[1] == "    c = a[5];"
    assert lines[2] == "        ^"


def test_unknown_name_is_a_compile_error_with_the_line_as_typed(session: MLREPLSession) -> None:
    result = session.execute("zz + 1")
    assert result.error is not None
    assert result.error.splitlines()[:3] == [
        "<repl-1>:1:1: NameError: Unknown identifier 'zz'",
        "    zz + 1",
        "    ^",
    ]


def test_a_failed_entry_does_not_lose_earlier_state(session: MLREPLSession) -> None:
    session.execute("keep = 7;")
    session.execute("keep = nope;")
    assert echo(session, "keep") == "=> 7"


def test_incomplete_input_is_detected_by_the_parser(session: MLREPLSession) -> None:
    assert session.is_incomplete("function f(a) {")
    assert session.is_incomplete('s = "open')
    assert session.is_incomplete("/* comment")
    assert not session.is_incomplete('s = "{";')
    assert not session.is_incomplete("x = 1; // {")
    result = session.execute("y = [1,")
    assert result.incomplete and result.error is None
    assert echo(session, "y = [1,\n 2];\ny") == "=> [1, 2]"


def test_keyboard_interrupt_during_a_statement_is_reported(session: MLREPLSession,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupt(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("mlpy.runtime.report.execute", interrupt)
    result = session.execute("x = 1;")
    assert not result.success
    assert result.error == "KeyboardInterrupt: statement interrupted"


# -- dot-commands ------------------------------------------------------------------------------------

def test_every_spec_command_is_known() -> None:
    expected = {".help", ".exit", ".vars", ".clear", ".history", ".load", ".save", ".modules",
                ".modinfo", ".addpath", ".capabilities", ".grant", ".revoke", ".time", ".reload",
                ".reloadall", ".refresh", ".devmode", ".perfmon", ".memreport", ".watch", ".unwatch"}
    assert expected <= set(COMMAND_NAMES)
    for name in expected:
        assert name in HELP_TEXT


def test_unknown_command(session: MLREPLSession) -> None:
    result = session.execute(".frobnicate")
    assert not result.success
    assert result.message == "Unknown command '.frobnicate'. Type .help for the list of commands."


def test_help_and_exit(session: MLREPLSession) -> None:
    assert session.execute(".help").message == HELP_TEXT
    result = session.execute(".exit")
    assert result.exit and result.message == "Goodbye"


def test_vars_lists_variables_without_internals(session: MLREPLSession) -> None:
    assert session.execute(".vars").message == "No variables defined"
    session.execute('b = "x"; a = [1, 2]; function f() { return 1; }')
    assert session.execute(".vars").message == 'Variables:\n  a = [1, 2]\n  b = "x"\n  f = <function f>'


def test_clear_forgets_variables(session: MLREPLSession) -> None:
    session.execute("x = 1;")
    assert session.execute(".clear").message == "Session cleared: all variables removed"
    result = session.execute("x")
    assert result.error is not None and "Unknown identifier 'x'" in result.error


def test_history_numbers_entries_and_marks_failures(session: MLREPLSession) -> None:
    assert session.execute(".history").message == "No history yet"
    session.execute("x = 1;")
    session.execute("nope")
    session.execute("function f() {\n  return 2;\n}")
    assert session.execute(".history").message == (
        "  1  x = 1;\n  2✗ nope\n  3  function f() {\n        return 2;\n      }"
    )


def test_save_writes_successful_entries_and_load_runs_a_file(session: MLREPLSession, tmp_path: Path) -> None:
    session.execute("x = 20;")
    session.execute("broken(")
    session.execute("broken)")
    session.execute("function g(a) { return a + x; }")
    target = tmp_path / "session.ml"
    assert session.execute(f".save {target}").message == f"Saved 2 entries to {target}"
    assert target.read_text() == "x = 20;\nfunction g(a) { return a + x; }\n"

    reset_registry()
    fresh = MLREPLSession()
    result = fresh.execute(f".load {target}")
    assert result.success and result.message == f"Loaded {target}"
    assert echo(fresh, "g(1)") == "=> 21"


def test_load_reports_missing_file_and_errors_with_the_file_name(session: MLREPLSession,
                                                                  tmp_path: Path) -> None:
    missing = tmp_path / "none.ml"
    result = session.execute(f".load {missing}")
    assert not result.success and result.message == f"Cannot read {missing}: No such file or directory"
    bad = tmp_path / "bad.ml"
    bad.write_text("x = 1;\ny = 1 / 0;\n")
    result = session.execute(f".load {bad}")
    assert result.error is not None
    assert result.error.startswith(f"{bad}:2:5: ZeroDivisionError: division by zero")
    assert session.execute(".load").message == "Usage: .load FILE"
    assert session.execute(".save").message == "Usage: .save FILE"


def test_time_runs_an_expression_and_reports_milliseconds(session: MLREPLSession) -> None:
    result = session.execute(".time 6 * 7")
    assert result.echo == "=> 42"
    assert result.message is not None and result.message.startswith("Time: ")
    assert result.message.endswith(" ms")
    assert session.execute(".time").message == "Usage: .time EXPR"


def test_modules_lists_the_standard_library(session: MLREPLSession) -> None:
    message = session.execute(".modules").message
    assert message is not None
    assert message.startswith("Available modules (")
    assert "    math" in message.splitlines()
    session.execute("import math;")
    assert "  * math" in session.execute(".modules").message.splitlines()


def test_modinfo(session: MLREPLSession) -> None:
    message = session.execute(".modinfo math").message
    assert message is not None
    assert message.splitlines()[0] == "Module: math"
    assert "  type: stdlib" in message.splitlines()
    assert session.execute(".modinfo maht").message == "Module 'maht' not found"
    assert session.execute(".modinfo").message == "Usage: .modinfo NAME"


def test_addpath_makes_modules_importable(session: MLREPLSession, tmp_path: Path) -> None:
    (tmp_path / "helpers.ml").write_text("function twice(x) { return 2 * x; }\n")
    result = session.execute(f".addpath {tmp_path}")
    assert result.message == f"Added {tmp_path.resolve()} to the extension and ML module paths"
    assert echo(session, "import helpers; helpers.twice(4)") == "=> 8"
    assert session.execute(f".addpath {tmp_path / 'nope'}").message == f"Not a directory: {tmp_path / 'nope'}"


def test_capabilities_grant_and_revoke_ask_for_confirmation(tmp_path: Path) -> None:
    reset_registry()
    answers: list[str] = []
    repl = MLREPLSession(confirm=lambda question: answers.append(question) or True)
    assert repl.execute(".capabilities").message == (
        "No capabilities granted (use .grant CAP, e.g. .grant read:/tmp)")
    assert repl.execute(f".grant read:{tmp_path}").message == f"Granted capability: read:{tmp_path}"
    assert answers == [f"Grant capability 'read:{tmp_path}' to this session?"]
    assert repl.execute(".capabilities").message == f"Granted capabilities:\n  read:{tmp_path}"
    assert repl.execute(f'hasCapability("read:{tmp_path}/x")').echo == "=> true"
    assert repl.execute(f".revoke read:{tmp_path}").message == f"Revoked capability: read:{tmp_path}"
    assert repl.execute(f'hasCapability("read:{tmp_path}/x")').echo == "=> false"
    assert repl.execute(".revoke net").message == "Capability 'net' was not granted with .grant"


def test_grant_refused_by_the_user_grants_nothing(session: MLREPLSession) -> None:
    result = session.execute(".grant net")
    assert not result.success and result.message == "Capability 'net' not granted"
    assert session.execute('hasCapability("net")').echo == "=> false"
    assert session.execute(".grant bogus:thing").message.startswith("Invalid capability 'bogus:thing'")


def test_file_access_needs_a_grant_in_the_repl(tmp_path: Path) -> None:
    reset_registry()
    secret = tmp_path / "data.txt"
    secret.write_text("content")
    repl = MLREPLSession(confirm=lambda _q: True)
    result = repl.execute(f'import file; file.read("{secret}")')
    assert result.error is not None and "CapabilityError" in result.error.splitlines()[0]
    repl.execute(f".grant read:{tmp_path}")
    assert repl.execute(f'file.read("{secret}")').echo == '=> "content"'


def test_capabilities_argument_and_security_disabled() -> None:
    reset_registry()
    assert MLREPLSession(capabilities=["net"]).execute('hasCapability("net")').echo == "=> true"
    assert MLREPLSession(security_enabled=False).execute('hasCapability("all")').echo == "=> true"


def test_repl_values_never_expose_python_internals(session: MLREPLSession) -> None:
    result = session.execute('getattr(print, "__globals__")')
    assert result.echo is None and result.error is None
    assert session.variable_names() == []


def test_capability_requests_are_confirmed_never_granted_silently() -> None:
    reset_registry()
    questions: list[str] = []
    repl = MLREPLSession(confirm=lambda question: questions.append(question) or True)
    program = 'capability Files { allow read "/tmp"; } hasCapability("read:/tmp/x")'
    assert repl.execute(program).echo == "=> true"
    assert questions == ["The program's capability Files requests read of '/tmp'. "
                         "Grant 'read:/tmp' to this session?"]
    assert repl.execute(program).echo == "=> true"
    assert len(questions) == 1  # granted once, not asked again

    reset_registry()
    refusing = MLREPLSession()
    assert refusing.execute(program).echo == "=> false"
    assert refusing.execute(".capabilities").message.startswith("No capabilities granted")
