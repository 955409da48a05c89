"""What users of IPython, ptpython and Node expect of a REPL: `_`, late binding, runnable `.save`,
readable `help`, `exit` hints, `.grant` suggestions, `.time` on errors, pretty echo, `.editor`,
did-you-mean and hints for habits from other languages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mlpy.cli.repl import MLREPLSession
from mlpy.modules.registry import reset_registry


def run(repl: MLREPLSession, text: str) -> str:
    """What a front end would show for one entry (errors included)."""
    return repl.execute(text).display()


# -- `_` ------------------------------------------------------------------------------------------

def test_underscore_holds_the_last_non_null_result(session: MLREPLSession) -> None:
    assert run(session, "6 * 7") == "=> 42"
    assert run(session, "_ + 1") == "=> 43"
    assert run(session, 'print("no value");') == ""
    assert run(session, "_") == "=> 43"
    assert run(session, "null") == ""
    assert run(session, "_") == "=> 43"
    assert session.execute(".vars").message == "No variables defined"


def test_underscore_bound_by_the_user_stays_theirs(session: MLREPLSession) -> None:
    run(session, "1")
    assert run(session, '_ = "mine";') == ""
    assert run(session, "2") == "=> 2"
    assert run(session, "_") == '=> "mine"'


# -- late binding ------------------------------------------------------------------------------------

def test_a_function_may_call_a_function_a_later_entry_defines(session: MLREPLSession) -> None:
    assert run(session, "function area(r) { return pi() * r * r; }") == ""
    early = run(session, "area(1)")
    assert early.splitlines()[0] == "<repl-1>:1:27: NameError: 'pi' is not defined (no entry has defined it yet)"
    assert "hint: define 'pi' in an entry, then run this again" in early.splitlines()
    assert run(session, "function pi() { return 3; }") == ""
    assert run(session, "area(2)") == "=> 12"


def test_a_function_reading_a_misspelt_name_is_warned_about_when_defined(session: MLREPLSession) -> None:
    assert run(session, "function total(items) { return sum(itms); }").splitlines() == [
        "<repl-1>:1:36: NameWarning: 'itms' is not defined yet (it is looked up when the function runs)",
        "    function total(items) { return sum(itms); }",
        "                                       ^",
        "hint: did you mean 'items'?",
    ]
    assert "hint: define 'itms' in an entry, then run this again" in run(
        session, "total([1])").splitlines()
    run(session, "function later() { return totl([2]); }")
    assert "hint: did you mean 'total'?" in run(session, "later()").splitlines()


def test_a_local_read_before_its_assignment_keeps_its_own_message(session: MLREPLSession) -> None:
    run(session, "function early() { print(v); v = 1; }")
    assert run(session, "early()").splitlines()[0] == (
        "<repl-1>:1:26: NameError: 'v' is used before it is assigned a value")


def test_late_binding_does_not_open_forbidden_names_or_top_level_typos(session: MLREPLSession) -> None:
    lines = run(session, "function f() { return eval; }").splitlines()
    assert lines[0] == "<repl-1>:1:23: NameError: Unknown identifier 'eval'"
    assert run(session, "nope + 1").splitlines()[0] == "<repl-2>:1:1: NameError: Unknown identifier 'nope'"


# -- .save --------------------------------------------------------------------------------------------

def test_save_writes_a_program_that_runs(session: MLREPLSession, tmp_path: Path) -> None:
    run(session, "x = 20")
    run(session, "function g(a) {\n  return a + x;\n}")
    run(session, "oops(")
    run(session, "print(g(1))")
    target = tmp_path / "saved.ml"
    assert session.execute(f".save {target}").message == f"Saved 3 entries to {target}"
    assert target.read_text() == "x = 20;\nfunction g(a) {\n  return a + x;\n}\nprint(g(1));\n"
    done = subprocess.run([sys.executable, "-m", "mlpy", "run", str(target)], capture_output=True,
                          text=True, timeout=60)
    assert (done.returncode, done.stdout) == (0, "21\n"), done.stderr


def test_load_of_a_file_that_is_not_utf8_answers_and_keeps_the_session(session: MLREPLSession,
                                                                       tmp_path: Path) -> None:
    run(session, "x = 20")
    latin = tmp_path / "latin.ml"
    latin.write_bytes(b'y = "caf\xe9";\n')
    result = session.execute(f".load {latin}")
    assert (result.success, result.message) == (
        False, f"Cannot read {latin}: it is not UTF-8 text (at byte offset 8); save it as UTF-8")
    assert run(session, "x") == "=> 20"


# -- help, exit ----------------------------------------------------------------------------------------

def test_help_prints_its_text_not_an_escaped_string(session: MLREPLSession) -> None:
    assert run(session, "help(len)") == (
        "len(value)\nThe length of a string, an array or an object.\nRequires capabilities: none")
    assert run(session, 'help(len) + ""').startswith('=> "len(value)\\n')


@pytest.mark.parametrize("text", ["exit", "quit", "exit()", "quit();"])
def test_exit_and_quit_tell_how_to_leave(session: MLREPLSession, text: str) -> None:
    result = session.execute(text)
    assert (result.message, result.exit, result.success) == (
        "To leave the REPL, type .exit or press Ctrl+D.", False, True)


# -- capability errors, .time --------------------------------------------------------------------------

def test_capability_errors_suggest_grant(session: MLREPLSession, tmp_path: Path) -> None:
    secret = tmp_path / "s.txt"
    secret.write_text("x")
    run(session, "import file;")
    first = run(session, f'file.read("{secret}")').splitlines()[0]
    assert first == (f"<repl-2>:1:1: CapabilityError: file.read: reading '{secret}' is not allowed "
                     f"(no read grant). Type .grant read:{secret} to allow it.")


def test_a_deny_rule_is_named_as_the_session_lists_it(tmp_path: Path) -> None:
    secret = tmp_path / "s.txt"
    secret.write_text("x")
    session = MLREPLSession(capabilities=["read", f"deny-read:{secret}"])
    run(session, "import file;")
    first = run(session, f'file.read("{secret}")').splitlines()[0]
    assert first == (f"<repl-2>:1:1: CapabilityError: file.read: reading '{secret}' is denied by the rule "
                     f"deny-read:{secret} (see .capabilities)")
    assert f"deny-read:{secret}" in session.execute(".capabilities").message  # where it says to look


def test_time_of_a_failing_entry_shows_only_the_error(session: MLREPLSession) -> None:
    result = session.execute(".time 1 / 0")
    assert result.message is None
    assert result.display().splitlines()[0] == "<repl-1>:1:1: ZeroDivisionError: division by zero"
    timed = session.execute(".time 2 + 2").display().splitlines()
    assert timed[0] == "=> 4" and timed[1].startswith("Time: ") and timed[1].endswith(" ms")


# -- pretty echo -----------------------------------------------------------------------------------------

def test_long_values_are_laid_out_over_several_lines(session: MLREPLSession) -> None:
    session.width = 40
    assert run(session, "[1, 2, 3]") == "=> [1, 2, 3]"
    assert run(session, '{name: "alpha", tags: ["first tag", "second tag"], size: 3}') == (
        '=> {\n'
        '  "name": "alpha",\n'
        '  "tags": ["first tag", "second tag"],\n'
        '  "size": 3\n'
        '}')
    assert run(session, "range(30)") == (
        "=> [\n"
        "  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,\n"
        "  11, 12, 13, 14, 15, 16, 17, 18, 19,\n"
        "  20, 21, 22, 23, 24, 25, 26, 27, 28,\n"
        "  29\n"
        "]")


def test_pretty_layout_of_cycles_and_huge_arrays() -> None:
    from mlpy.cli.repl.pretty import pretty

    loop: list[object] = ["x" * 50]
    loop.append(loop)
    assert pretty(loop, 40) == '[\n  "' + "x" * 50 + '",\n  [...]\n]'
    text = pretty(list(range(1000)), 80)
    assert text.endswith("98, 99,\n  ... 900 more\n]")
    # Its one-line text would be over the text limit: still shown, cut short, not a LimitError.
    nested = [["y" * 1000] * 40_000]
    text = pretty(nested, 80)
    assert text.startswith('[\n  [\n    "yyy') and text.endswith('",\n    ... 39900 more\n  ]\n]')


# -- .editor -------------------------------------------------------------------------------------------

def test_editor_runs_what_the_front_end_returns(tmp_path: Path) -> None:
    reset_registry()
    asked: list[str] = []

    def edit(initial: str) -> str | None:
        asked.append(initial)
        return "function twice(a) {\n  return 2 * a;\n}\ntwice(21)" if len(asked) == 1 else None

    repl = MLREPLSession(edit=edit)
    assert run(repl, ".editor") == "=> 42"
    assert run(repl, ".editor start") == "Editing cancelled: nothing was run"
    assert asked == ["", "start"]
    assert MLREPLSession().execute(".editor").message == ".editor needs an interactive terminal"


def test_editor_uses_the_editor_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mlpy.cli.repl.editor import edit_in_editor, editor_command

    script = tmp_path / "fake-editor"
    script.write_text('#!/bin/sh\nfor file; do :; done\nprintf \'x = 5;\\nx * 2\\n\' >> "$file"\n')
    script.chmod(0o755)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{script} --wait")
    command = editor_command()
    assert command == [str(script), "--wait"]
    assert edit_in_editor("// start\n", command) == "// start\nx = 5;\nx * 2\n"
    assert edit_in_editor("", ["false"]) is None


# -- did-you-mean and slips from other languages --------------------------------------------------------

def test_did_you_mean_never_offers_a_one_letter_name_for_a_longer_one(session: MLREPLSession) -> None:
    run(session, "i = 1; fib = 2;")
    assert run(session, "fb").splitlines()[-1] == "hint: did you mean 'fib'?"
    run(session, ".clear")
    run(session, "i = 1;")
    assert "hint" not in run(session, "fib")


@pytest.mark.parametrize("entry, hint", [
    ("let y = 1;", "ML has no 'let': assign directly, e.g. y = ...; (the first assignment creates the variable)"),
    ("const k = 2;", "ML has no 'const': assign directly, e.g. k = ...; (the first assignment creates the variable)"),
    ("1 === 1", 'ML compares with == and != (no type conversion happens: 1 == "1" is false)'),
    ("true and false", "ML writes 'and' as &&"),
    ("x = not true or false;", "ML writes 'or' as ||, 'not' as !"),
    ("2 in [1, 2]", "'in' belongs to for (x in items) only: test membership with collections.contains(items, x) "
                    "(import collections;), or s.find(part) >= 0 for strings"),
    ("[v * 2 for v in [1]]", "ML has no comprehensions: build the array in a for loop, or use "
                             "functional.map(fn(x) => ..., items) and functional.filter (import functional;)"),
    ("i = 0; i++;", "ML has no ++ or --: write i += 1; or i -= 1;"),
    ("[1].push(2)", "arrays grow with append: arr.append(x)"),
    ('"a".toUpperCase()', "s.upper()"),
    ("[1].apend(2)", "did you mean 'append'?"),
    ("None", "ML writes null"),
])
def test_slips_from_other_languages_get_a_targeted_hint(session: MLREPLSession, entry: str, hint: str) -> None:
    shown = run(session, entry).splitlines()
    assert f"hint: {hint}" in shown, shown


def test_words_inside_strings_are_not_taken_for_slips(session: MLREPLSession) -> None:
    shown = run(session, 'print("this and that" x)')
    assert "SyntaxError" in shown and "&&" not in shown


# -- .debug ----------------------------------------------------------------------------------------------

def test_debug_shows_the_python_traceback_under_errors(session: MLREPLSession) -> None:
    run(session, "import json;")
    assert "Python traceback" not in run(session, 'json.parse("{bad")')
    assert run(session, ".debug on") == "Debug mode ON: errors show the Python traceback that led to them"
    lines = run(session, 'json.parse("{bad")').splitlines()
    assert lines[0].startswith("<repl-3>:1:1: ValueError: json.parse: invalid JSON at line 1, column 2")
    assert lines[3:5] == ["Python traceback (.debug on):", "Traceback (most recent call last):"]
    assert any(line.strip().startswith('File "') and "json_bridge.py" in line for line in lines)
    assert lines[-1].startswith("ValueError: json.parse: invalid JSON at line 1, column 2")
    assert run(session, ".debug") == "Debug mode OFF"
    assert "Python traceback" not in run(session, 'json.parse("{bad")')
    assert run(session, ".debug maybe") == "Usage: .debug [on|off]"


def test_mlpy_repl_debug_flag_starts_in_debug_mode(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "mlpy", "repl", "--debug"], input='import json;\njson.parse("[")\n',
                          capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert "Python traceback (.debug on):" in done.stdout.splitlines()
    assert done.returncode == 1
