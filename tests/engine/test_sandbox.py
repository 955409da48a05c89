"""The sandbox: clean child, streamed output, unforgeable result channel, kills, rlimits."""

from __future__ import annotations

import io
import os
import threading
import time
from pathlib import Path

import pytest

from mlpy.engine.sandbox import SandboxResult, run_in_sandbox
from mlpy.engine.wire import error_from_dict, error_to_dict, plain_data
from mlpy.errors import MLLimitError, MLRuntimeError, MLTimeoutError
from mlpy.runtime.capabilities import Grants
from mlpy.runtime.limits import Limits

HERE = str(Path(__file__).resolve().parent)


def _run(func: str, **kwargs) -> tuple[SandboxResult, str, str]:
    out, err = io.StringIO(), io.StringIO()
    result = run_in_sandbox("", filename="prog.ml", stdout=out, stderr=err,
                            _runner=(HERE, f"sandbox_programs:{func}"), **kwargs)
    return result, out.getvalue(), err.getvalue()


def test_result_comes_from_the_private_channel_not_stdout():
    result, out, err = _run("forge")
    assert result.exit_code == 0 and result.error is None
    assert result.globals == {"x": 3, "items": [1, "a", None, True, 2.5], "obj": {"k": [1]}}
    assert out == '{"ok": true, "globals": {"x": 999}}\n'
    assert "forged" in err


def test_output_is_streamed_as_it_comes():
    arrivals: list[tuple[float, str]] = []

    class Recorder(io.StringIO):
        def write(self, text: str) -> int:
            arrivals.append((time.monotonic(), text))
            return super().write(text)

    sink = Recorder()
    result = run_in_sandbox("", stdout=sink, stderr=io.StringIO(),
                            _runner=(HERE, "sandbox_programs:stream"))
    assert result.exit_code == 0
    assert sink.getvalue() == "first\nsecond\n"
    first = next(t for t, text in arrivals if "first" in text)
    second = next(t for t, text in arrivals if "second" in text)
    assert second - first >= 0.5


def test_child_environment_is_clean_and_job_is_passed(tmp_path, monkeypatch):
    monkeypatch.setenv("MY_SECRET_TOKEN", "hunter2")
    monkeypatch.setenv("MLPY_EXTENSION_PATHS", str(tmp_path))
    grants = Grants.from_strings([f"read:{tmp_path}", "deny-env:X"])
    limits = Limits(timeout=30, max_steps=1000, max_output_bytes=5000)
    result, _, _ = _run("environment", grants=grants, limits=limits, argv=["a", "b"])
    assert result.error is None
    env = result.globals["env"]
    assert "MY_SECRET_TOKEN" not in env
    assert env["PATH"] == "/usr/bin:/bin"
    assert "HOME" not in env and "USER" not in env
    assert env["MLPY_EXTENSION_PATHS"] == str(tmp_path)
    assert result.globals["capabilities"] == [f"read:{tmp_path}", "deny-env:X"]
    assert result.globals["limits"] == {"timeout": 30, "max_steps": 1000, "max_memory": None,
                                        "max_output": 5000, "max_recursion": None}
    assert result.globals["argv"] == ["a", "b"]
    assert result.globals["cwd"] == os.getcwd()


def test_error_fields_survive_the_channel():
    result, _, _ = _run("fail")
    assert result.exit_code == 1
    error = result.error
    assert isinstance(error, MLRuntimeError)
    assert error.error_type == "ZeroDivisionError"
    assert error.format() == (
        "prog.ml:3:7: ZeroDivisionError: division by zero\n"
        "    x = 1 / 0;\n"
        "          ^\n"
        "hint: check the divisor\n"
        "ML call chain (most recent call last):\n"
        "  prog.ml:9 in <main>\n"
        "  prog.ml:3 in f")


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status") as handle:
            state = next(line for line in handle if line.startswith("State:"))
    except (FileNotFoundError, StopIteration):
        return False
    return " Z " not in state and "zombie" not in state


def test_timeout_kills_the_whole_process_group(tmp_path, monkeypatch):
    import mlpy.engine.sandbox as sandbox

    monkeypatch.setattr(sandbox, "STARTUP_GRACE_SECONDS", 0.5)
    pid_file = tmp_path / "pid"
    started = time.monotonic()
    result, _, _ = _run("spawn_and_hang", limits=Limits(timeout=0.5), argv=[str(pid_file)])
    elapsed = time.monotonic() - started
    assert isinstance(result.error, MLTimeoutError)
    assert result.error.message == "time limit of 0.5 s exceeded (--timeout)"
    assert result.exit_code == 1
    assert elapsed < 5
    grandchild = int(pid_file.read_text())
    deadline = time.monotonic() + 2
    while _alive(grandchild) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not _alive(grandchild)


def test_cpu_bound_child_is_stopped(monkeypatch):
    import mlpy.engine.sandbox as sandbox

    monkeypatch.setattr(sandbox, "STARTUP_GRACE_SECONDS", 0.5)
    started = time.monotonic()
    result, _, _ = _run("burn_cpu", limits=Limits(timeout=0.5))
    assert isinstance(result.error, MLTimeoutError)
    assert time.monotonic() - started < 5


def test_memory_rlimit_turns_into_a_limit_error():
    result, _, _ = _run("hog_memory", limits=Limits(max_memory_mb=64))
    assert isinstance(result.error, MLLimitError)
    assert result.error.message == "memory limit of 64 MB exceeded (--max-memory)"


def test_parent_enforces_output_limit_as_a_backstop():
    started = time.monotonic()
    result, out, _ = _run("chatter", limits=Limits(max_output_bytes=2500))
    assert isinstance(result.error, MLLimitError)
    assert result.error.message == "output limit of 2500 bytes exceeded (--max-output)"
    assert len(out.encode()) == 2500
    assert time.monotonic() - started < 10


def test_child_that_dies_without_a_result():
    result, _, _ = _run("crash")
    assert result.exit_code == 7
    assert result.error is not None
    assert result.error.message == "the sandboxed program ended (exit code 7) without reporting a result"


def test_host_threads_survive_and_nothing_leaks():
    before = threading.active_count()
    _run("forge")
    time.sleep(0.05)
    assert threading.active_count() <= before


# ----------------------------------------------------------------------------- pure helpers


def test_plain_data_filters_non_data():
    assert plain_data({"a": [1, 2.5, None, True, "s"]}) == (True, {"a": [1, 2.5, None, True, "s"]})
    assert plain_data({1: "x", None: "y"}) == (True, {"1": "x", "null": "y"})
    assert plain_data(object())[0] is False
    assert plain_data([print])[0] is False
    shared = [1]
    assert plain_data([shared, shared]) == (True, [[1], [1]])


def test_plain_data_leaves_behind_an_int_too_long_for_json():
    big = 10 ** 5000  # past Python's digit limit: json.dumps of it would raise
    assert plain_data(big) == (False, None)
    assert plain_data({"x": [big]})[0] is False
    assert plain_data({big: 1})[0] is False
    assert plain_data(10 ** 4000) == (True, 10 ** 4000)


def test_error_from_dict_only_builds_mlpy_error_classes():
    exc = error_from_dict({"class": "Exception", "message": "m"})
    assert type(exc).__name__ == "MLError"
    exc = error_from_dict({"class": "MLCapabilityError", "message": "no", "line": "3"})
    assert type(exc).__name__ == "MLCapabilityError" and exc.line is None
    again = error_from_dict(error_to_dict(MLTimeoutError("t", "f.ml", 1, 2)))
    assert (type(again), again.message, again.filename, again.line, again.column) == (
        MLTimeoutError, "t", "f.ml", 1, 2)


# ----------------------------------------------------------------------------- with the real pipeline


def _pipeline_ready() -> bool:
    try:
        import mlpy

        mlpy.run("x = 1;", stdout=io.StringIO())
    except Exception:
        return False
    return True


needs_pipeline = pytest.mark.skipif(not _pipeline_ready(), reason="the ML pipeline is not complete yet")


@needs_pipeline
def test_ml_program_in_the_sandbox():
    out = io.StringIO()
    result = run_in_sandbox('x = 1 + 2; print("x is " + x); print("{\\"ok\\": true}");', filename="p.ml",
                            stdout=out, stderr=io.StringIO())
    assert result.error is None, result.error
    assert out.getvalue() == 'x is 3\n{"ok": true}\n'
    assert result.globals["x"] == 3


@needs_pipeline
def test_a_finished_program_holding_a_huge_int_still_reports_its_result():
    out = io.StringIO()
    result = run_in_sandbox('big = 10 ** 5000; y = 2; print("done");', filename="big.ml",
                            stdout=out, stderr=io.StringIO())
    assert result.error is None, result.error
    assert out.getvalue() == "done\n"
    assert result.globals == {"y": 2}


@needs_pipeline
def test_ml_step_limit_in_the_sandbox():
    result = run_in_sandbox("i = 0; while (true) { i = i + 1; }", filename="loop.ml",
                            limits=Limits(max_steps=100), stdout=io.StringIO(), stderr=io.StringIO())
    assert isinstance(result.error, MLLimitError)
    assert result.error.message == "step limit of 100 exceeded (--max-steps)"
