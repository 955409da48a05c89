"""End to end: ML programs run through ``mlpy.run`` meet the grants and limits."""

from __future__ import annotations

import io
import os

import mlpy
from mlpy.errors import MLCapabilityError, MLLimitError, MLTimeoutError


def run(source: str, **options):
    """Run ML source; return (printed output, globals, error or None)."""
    out = io.StringIO()
    try:
        result = mlpy.run(source, stdout=out, **options)
    except mlpy.MLError as exc:
        return out.getvalue(), {}, exc
    return out.getvalue(), result.globals, None


# ----------------------------------------------------------------------------- capabilities


def test_has_capability_and_get_capabilities(tmp_path):
    out, _, error = run('print(hasCapability("file.read"), hasCapability("read:' + str(tmp_path) + '/x"), '
                        'hasCapability("network.http"), hasCapability("math.compute"), getCapabilities());',
                        capabilities=[f"read:{tmp_path}"])
    assert error is None
    assert out == f'true true false true ["read:{tmp_path}"]\n'


def test_missing_requested_capability_refuses_to_start(tmp_path):
    source = f'print("started");\ncapability Data {{ allow read "{tmp_path}"; }}\n'
    out, _, error = run(source)
    assert out == ""
    assert isinstance(error, MLCapabilityError)
    assert error.message == ("the program requests capabilities that were not granted: "
                             f"capability Data requests read of '{tmp_path}'")
    out, _, error = run(source, capabilities=[f"read:{tmp_path}"])
    assert (out, error) == ("started\n", None)


def test_file_read_needs_a_grant_and_checks_the_real_path(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "ok.txt").write_text("fine")
    (tmp_path / "secret.txt").write_text("secret")
    (data / "link.txt").symlink_to(tmp_path / "secret.txt")
    read = 'import file; print(file.read("{}"));'

    out, _, error = run(read.format(data / "ok.txt"))
    assert isinstance(error, MLCapabilityError)
    assert error.message == (f"file.read: reading '{data}/ok.txt' is not allowed (no read grant). "
                             f'Pass capabilities=["read:{data}/ok.txt"] to allow it.')

    out, _, error = run(read.format(data / "ok.txt"), capabilities=[f"read:{data}"])
    assert (out, error) == ("fine\n", None)

    for escape in (data / "link.txt", f"{data}/../secret.txt"):
        out, _, error = run(read.format(escape), capabilities=[f"read:{data}"])
        assert out == ""
        assert isinstance(error, MLCapabilityError)
        # named as the program wrote it: the resolved target of a symlink is never revealed
        assert f"reading '{escape}' is not allowed (no read grant covers it)" in error.message

    out, _, error = run(read.format(data / "ok.txt"), capabilities=["read", f"deny-read:{data}"])
    assert isinstance(error, MLCapabilityError)
    assert error.message == f"file.read: reading '{data}/ok.txt' is denied by the rule \"deny-read:{data}\""


def test_capability_errors_cannot_be_caught(tmp_path):
    source = ('import file;\ntry { file.read("/etc/hostname"); print("read"); }\n'
              'except (e) { print("caught"); }\nfinally { print("finally"); }\nprint("after");')
    out, _, error = run(source)
    assert out == ""
    assert isinstance(error, MLCapabilityError)
    assert error.line == 2


def test_environment_is_not_readable_without_grant(monkeypatch):
    monkeypatch.setenv("MLPY_TEST_SECRET", "hunter2")
    out, _, error = run('import env; print(env.get("MLPY_TEST_SECRET"));')
    assert isinstance(error, MLCapabilityError), error
    assert "hunter2" not in out
    out, _, error = run('import env; print(env.get("MLPY_TEST_SECRET"));',
                        capabilities=["env:MLPY_TEST_SECRET"])
    assert (out, error) == ("hunter2\n", None)


# ----------------------------------------------------------------------------- limits


def test_step_limit_ends_the_program_and_skips_except_and_finally():
    source = ('i = 0;\ntry { while (true) { i = i + 1; } }\nexcept (e) { print("caught"); }\n'
              'finally { print("finally"); }')
    out, _, error = run(source, max_steps=500)
    assert out == ""
    assert isinstance(error, MLLimitError)
    assert error.message == "step limit of 500 exceeded (max_steps=)"
    assert error.line == 2


def test_function_calls_count_as_steps():
    source = "function f() { return 1; }\nn = 0;\nf(); f(); f(); f();\nn = 1;"
    _, globals_, error = run(source, max_steps=4)
    assert error is None and globals_["n"] == 1
    _, _, error = run(source, max_steps=3)
    assert isinstance(error, MLLimitError)


def test_timeout_in_process():
    out, _, error = run("i = 0; while (true) { i = i + 1; }", timeout=0.3)
    assert isinstance(error, MLTimeoutError)
    assert error.message == "time limit of 0.3 s exceeded (timeout=)"
    assert error.format().startswith("<string>:1:8: TimeoutError: time limit of 0.3 s exceeded (timeout=)")


def test_output_limit_keeps_what_fits():
    out, _, error = run('i = 0; while (true) { print("line " + i); i = i + 1; }', max_output=20)
    assert out == "line 0\nline 1\nline 2\n"[:20]
    assert isinstance(error, MLLimitError)
    assert error.message == "output limit of 20 bytes exceeded (max_output=)"


def test_recursion_limit():
    source = "depth = 0;\nfunction f(n) { nonlocal depth; depth = n; return f(n + 1); }\nf(1);"
    _, _, error = run(source, max_recursion=50)
    assert error is not None and "recursion" in error.message
    out, _, _ = run(source.replace("f(1);", "try { f(1); } except (e) { print(depth); }"),
                    max_recursion=50)
    assert 50 <= int(out) <= 50 + 16


def test_no_limits_runs_unchanged():
    _, globals_, error = run("s = 0; for (i in range(100000)) { s = s + i; }")
    assert error is None and globals_["s"] == sum(range(100000))


# ----------------------------------------------------------------------------- sandbox


def test_sandboxed_run_returns_globals_not_printed_text():
    out, globals_, error = run('x = 6 * 7;\nprint("{\\"ok\\": true, \\"globals\\": {\\"x\\": 1}}");',
                               sandbox=True)
    assert error is None
    assert out == '{"ok": true, "globals": {"x": 1}}\n'
    assert globals_["x"] == 42


def test_sandboxed_timeout_and_error_position():
    out, _, error = run('print("before");\nwhile (true) { }', sandbox=True, timeout=0.5)
    assert out == "before\n"
    assert isinstance(error, MLTimeoutError)
    assert (error.line, error.message) == (2, "time limit of 0.5 s exceeded (timeout=)")


def test_sandboxed_grants_are_enforced_in_the_child(tmp_path):
    out, _, error = run(f'print(hasCapability("read:{tmp_path}"), hasCapability("env"));', sandbox=True,
                        capabilities=[f"read:{tmp_path}"])
    assert (out, error) == ("true false\n", None)


def test_sandbox_child_environment_has_no_user_variables(monkeypatch):
    monkeypatch.setenv("MLPY_TEST_SECRET", "hunter2")
    out, _, error = run('import env; print(env.get("MLPY_TEST_SECRET"));', sandbox=True,
                        capabilities=["env"])
    assert error is None, error
    assert out == "null\n"
    assert os.environ["MLPY_TEST_SECRET"] == "hunter2"


GREET_BRIDGE = '''
from mlpy.stdlib.decorators import ml_function, ml_module


@ml_module(name="greet", description="Greetings", capabilities=[], version="1.0.0")
class Greet:
    @ml_function(description="Say hello", capabilities=[])
    def hello(self, who):
        return "hello " + who


greet = Greet()
'''


def test_extension_modules_work_in_the_sandbox(tmp_path):
    (tmp_path / "greet_bridge.py").write_text(GREET_BRIDGE)
    source = 'import greet; g = greet.hello("you"); print(g);'
    out, _, error = run(source, extension_paths=[str(tmp_path)])
    assert (out, error) == ("hello you\n", None)
    out, globals_, error = run(source, extension_paths=[str(tmp_path)], sandbox=True)
    assert error is None
    assert out == "hello you\n"
    assert globals_["g"] == "hello you"
