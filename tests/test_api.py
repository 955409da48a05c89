"""The embedding API: mlpy.run / compile / run_file, results, errors, grants, limits."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import mlpy


def test_run_returns_the_top_level_variables() -> None:
    out = io.StringIO()
    result = mlpy.run("x = 1 + 2; print(x); names = ['a', null];", stdout=out)
    assert out.getvalue() == "3\n"
    assert result.globals["x"] == 3
    assert result.globals["names"] == ["a", None]
    assert not any(name.startswith("__") for name in result.globals)


def test_ml_functions_are_callable_from_python() -> None:
    result = mlpy.run("function add(a, b) { return a + b; } twice = fn(x) => x * 2;")
    assert result.globals["add"](2, 5) == 7
    assert result.globals["twice"](21) == 42


def test_keyword_names_come_back_unmangled() -> None:
    result = mlpy.run("class = 1; def = [class];")
    assert result.globals["class"] == 1
    assert result.globals["def"] == [1]


def test_compile_once_run_many_times() -> None:
    program = mlpy.compile("counter = 0; counter += 1; print(counter);", filename="prog.ml")
    for _ in range(3):
        out = io.StringIO()
        assert program.run(stdout=out).globals["counter"] == 1
        assert out.getvalue() == "1\n"


def test_syntax_error_carries_position() -> None:
    with pytest.raises(mlpy.MLSyntaxError) as info:
        mlpy.compile("x = (1 + ;", filename="bad.ml")
    error = info.value
    assert (error.filename, error.line) == ("bad.ml", 1)
    assert error.column is not None
    assert error.format().startswith("bad.ml:1:")


def test_runtime_error_carries_type_and_position_and_keeps_output() -> None:
    out = io.StringIO()
    with pytest.raises(mlpy.MLRuntimeError) as info:
        mlpy.run('print("kept");\nx = [1][3];', filename="r.ml", stdout=out)
    assert out.getvalue() == "kept\n"
    assert info.value.error_type == "IndexError"
    assert (info.value.filename, info.value.line, info.value.column) == ("r.ml", 2, 5)


def test_capability_strings_grant_and_deny(tmp_path: Path) -> None:
    secret = tmp_path / "data.txt"
    secret.write_text("hello")
    program = f'import file;\nprint(file.read("{secret}"));'
    with pytest.raises(mlpy.MLCapabilityError) as info:
        mlpy.run(program, stdout=io.StringIO())
    assert info.value.message.endswith(f'Pass capabilities=["read:{secret}"] to allow it.')
    out = io.StringIO()
    mlpy.run(program, capabilities=[f"read:{tmp_path}"], stdout=out)
    assert out.getvalue() == "hello\n"
    with pytest.raises(mlpy.MLCapabilityError):
        mlpy.run(program, capabilities=["read", f"deny-read:{tmp_path}"], stdout=io.StringIO())


def test_capability_errors_cannot_be_caught_by_ml(tmp_path: Path) -> None:
    out = io.StringIO()
    program = ('import env;\ntry { env.get("HOME"); } except (e) { print("caught"); } '
               'finally { print("finally"); }\nprint("after");')
    with pytest.raises(mlpy.MLCapabilityError):
        mlpy.run(program, stdout=out)
    assert out.getvalue() == ""


def test_timeout_and_step_limits() -> None:
    with pytest.raises(mlpy.MLTimeoutError) as info:
        mlpy.run("while (true) { }", timeout=0.3)
    assert info.value.message == "time limit of 0.3 s exceeded (timeout=)"
    with pytest.raises(mlpy.MLLimitError) as steps:
        mlpy.run("i = 0; while (true) { i += 1; }", max_steps=1000)
    assert steps.value.message == "step limit of 1000 exceeded (max_steps=)"
    assert mlpy.run("i = 0; while (i < 10) { i += 1; }", max_steps=1000).globals["i"] == 10


def test_run_file_with_extension_and_ml_module_paths(tmp_path: Path) -> None:
    ext = tmp_path / "ext"
    lib = tmp_path / "lib"
    ext.mkdir()
    lib.mkdir()
    (ext / "greet_bridge.py").write_text(
        "from mlpy.stdlib.decorators import ml_module, ml_function\n"
        "@ml_module(name='greet', description='Greetings')\n"
        "class Greet:\n"
        "    @ml_function(description='Say hello', capabilities=[])\n"
        "    def hello(self, who):\n"
        "        return 'hello ' + who\n"
        "greet = Greet()\n"
    )
    (lib / "twice.ml").write_text("function twice(x) { return x * 2; }\n")
    prog = tmp_path / "main.ml"
    prog.write_text("import greet;\nimport twice;\nprint(greet.hello('ml'), twice.twice(4));\n")
    out = io.StringIO()
    mlpy.run_file(prog, extension_paths=[str(ext)], ml_module_paths=[str(lib)], stdout=out)
    assert out.getvalue() == "hello ml 8\n"


def test_sandboxed_run_returns_globals_and_streams_output() -> None:
    out = io.StringIO()
    result = mlpy.run('x = [1, 2]; print("from the child");', sandbox=True, stdout=out)
    assert result.globals["x"] == [1, 2]
    assert out.getvalue() == "from the child\n"


def test_sandboxed_errors_are_raised_as_ml_errors() -> None:
    with pytest.raises(mlpy.MLRuntimeError) as info:
        mlpy.run("x = 1;\ny = x / 0;", filename="s.ml", sandbox=True, stdout=io.StringIO())
    assert info.value.error_type == "ZeroDivisionError"
    assert info.value.line == 2


def test_host_calls_of_ml_functions_use_the_runs_output_and_grants() -> None:
    out = io.StringIO()
    result = mlpy.run(
        "import file;\n"
        "function greet(name) { print(\"hi\", name); return [name, {n: null}]; }\n"
        "function peek() { return file.read(\"/etc/hostname\"); }\n"
        "function divider(n) { return fn(x) => x / n; }\n",
        filename="host.ml", stdout=out)
    assert result.globals["greet"]("ann") == ["ann", {"n": None}]
    assert out.getvalue() == "hi ann\n"
    with pytest.raises(mlpy.MLCapabilityError) as denied:
        result.globals["peek"]()
    assert denied.value.format().splitlines()[0].startswith(
        "host.ml:3:26: CapabilityError: file.read: reading '/etc/hostname' is not allowed")
    by_zero = result.globals["divider"](0)
    with pytest.raises(mlpy.MLRuntimeError) as raised:
        by_zero(1)
    assert raised.value.format() == (
        "host.ml:4:39: ZeroDivisionError: division by zero\n"
        "    function divider(n) { return fn(x) => x / n; }\n"
        + " " * (4 + 38) + "^")


def test_import_errors_of_source_strings_show_the_source_line() -> None:
    with pytest.raises(mlpy.MLError) as raised:
        mlpy.run("x = 1;\nimport maht;\n")
    assert raised.value.format() == (
        "<string>:2:1: ImportError: No module named 'maht'. Did you mean 'math'?\n"
        "    import maht;\n"
        "    ^")
