"""Errors advise what the front end that started the run can type: CLI flags, API keywords or
REPL commands (``RunOptions.front_end``)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import mlpy
from mlpy.engine.options import build_options, embedded_options, options_from_cli
from mlpy.engine.pipeline import run_source
from mlpy.engine.sandbox import run_in_sandbox
from mlpy.errors import MLCapabilityError, MLError, MLLimitError, MLTimeoutError
from mlpy.language.deadline import compile_timeout_message
from mlpy.runtime.capabilities import Request, format_missing
from mlpy.runtime.limits import Limits

READ = 'import file;\nprint(file.read("notes.txt"));\n'
REQUEST = 'capability Notes {\n    allow read "notes.txt";\n}\nprint(1);\n'


def _error(source: str, options: object) -> MLError:
    with pytest.raises(MLError) as caught:
        run_source(source, "prog.ml", options)  # type: ignore[arg-type]
    return caught.value


def test_each_entry_point_says_who_started_the_run() -> None:
    assert options_from_cli({}, "prog.ml", project_file="off").front_end == "cli"
    assert embedded_options("prog.ml").front_end == "api"
    assert build_options("prog.ml", project_file="off").front_end == "cli"
    assert embedded_options("prog.ml", front_end="repl").front_end == "repl"


@pytest.mark.parametrize(("front_end", "advice"), [
    ("cli", "Run with --allow-read=notes.txt to allow it."),
    ("api", 'Pass capabilities=["read:notes.txt"] to allow it.'),
    ("repl", "Type .grant read:notes.txt to allow it."),
])
def test_a_refused_read_advises_the_front_end(front_end: str, advice: str) -> None:
    options = build_options("prog.ml", project_file="off", stdout=io.StringIO(), front_end=front_end)
    error = _error(READ, options)
    assert isinstance(error, MLCapabilityError)
    assert error.message == f"file.read: reading 'notes.txt' is not allowed (no read grant). {advice}"


@pytest.mark.parametrize(("front_end", "rule"), [
    ("cli", "--deny-read=notes.txt"),
    ("api", 'the rule "deny-read:notes.txt"'),
    ("repl", "the rule deny-read:notes.txt (see .capabilities)"),
])
def test_a_deny_rule_is_named_as_the_front_end_sets_it(front_end: str, rule: str, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    options = build_options("prog.ml", project_file="off", stdout=io.StringIO(), front_end=front_end,
                            capabilities=["read", "deny-read:notes.txt"])
    error = _error(READ, options)
    assert isinstance(error, MLCapabilityError)
    assert error.message == f"file.read: reading 'notes.txt' is denied by {rule.replace('notes.txt', str(tmp_path / 'notes.txt'))}"


@pytest.mark.parametrize(("front_end", "advice"), [
    ("cli", "Run with --allow-read=. to allow it."),
    ("api", 'Pass capabilities=["read:."] to allow it.'),
    ("repl", "Type .grant read:. to allow it."),
])
def test_revealing_the_working_directory_advises_the_front_end(front_end: str, advice: str) -> None:
    options = build_options("prog.ml", project_file="off", stdout=io.StringIO(), front_end=front_end)
    error = _error("import path;\nprint(path.cwd());\n", options)
    assert isinstance(error, MLCapabilityError)
    assert error.message == f"path.cwd: revealing the working directory needs a read grant covering it. {advice}"


def test_an_embedded_run_names_a_denying_rule_as_a_capability_string() -> None:
    with pytest.raises(MLCapabilityError) as caught:
        mlpy.run('import env;\nprint(env.get("HOME"));\n', capabilities=["env", "deny-env"])
    assert caught.value.message == 'env.get: accessing environment variable \'HOME\' is denied by the rule "deny-env"'


@pytest.mark.parametrize(("front_end", "hint"), [
    ("cli", "grant them with the --allow-* flags (or capabilities=[...] in the API), e.g. "
            "--allow-read=notes.txt"),
    ("api", 'grant them with capabilities=["read:notes.txt"]'),
    ("repl", "grant them with .grant read:notes.txt"),
])
def test_missing_requests_advise_the_front_end(front_end: str, hint: str, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    options = build_options("prog.ml", project_file="off", stdout=io.StringIO(), front_end=front_end)
    error = _error(REQUEST, options)
    assert error.hint == hint.replace("notes.txt", str(tmp_path / "notes.txt"))


def test_format_missing_names_each_front_ends_grant() -> None:
    missing = [Request("read", "/data", "read", "Notes", 2, 5)]
    assert format_missing(missing).endswith("(grant with --allow-read=/data)")
    assert format_missing(missing, "api").endswith('(grant with capabilities=["read:/data"])')
    assert format_missing(missing, "repl").endswith("(grant with .grant read:/data)")


@pytest.mark.parametrize(("front_end", "steps", "timeout"), [
    ("cli", "(--max-steps)", "(--timeout)"),
    ("api", "(max_steps=)", "(timeout=)"),
    ("repl", "(--max-steps)", "(--timeout)"),
])
def test_limit_errors_name_the_limit_as_the_front_end_sets_it(front_end: str, steps: str,
                                                              timeout: str) -> None:
    loop = "i = 0;\nwhile (true) { i = i + 1; }\n"
    stepped = build_options("prog.ml", project_file="off", max_steps=1000, front_end=front_end)
    error = _error(loop, stepped)
    assert isinstance(error, MLLimitError) and error.message == f"step limit of 1000 exceeded {steps}"
    timed = build_options("prog.ml", project_file="off", timeout=0.2, front_end=front_end)
    error = _error(loop, timed)
    assert isinstance(error, MLTimeoutError) and error.message == f"time limit of 0.2 s exceeded {timeout}"


def test_compile_timeout_message_per_front_end() -> None:
    assert compile_timeout_message() == "compiling took longer than the time limit allows (--timeout)"
    assert compile_timeout_message("api") == "compiling took longer than the time limit allows (timeout=)"


def test_an_embedded_run_advises_api_keywords() -> None:
    with pytest.raises(MLLimitError) as caught:
        mlpy.run("while (true) { }", max_steps=500)
    assert caught.value.message == "step limit of 500 exceeded (max_steps=)"


def test_the_sandbox_child_keeps_the_front_end_of_the_run() -> None:
    loop = "while (true) { }\n"
    cli = run_in_sandbox(loop, limits=Limits(max_steps=100))
    api = run_in_sandbox(loop, limits=Limits(max_steps=100), front_end="api")
    assert cli.error is not None and cli.error.message == "step limit of 100 exceeded (--max-steps)"
    assert api.error is not None and api.error.message == "step limit of 100 exceeded (max_steps=)"
