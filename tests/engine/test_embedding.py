"""The embedding engine seen from a host: I/O isolation, inputs, per-call limits, pickling,
program caching, statistics, in-process memory limits refused."""

from __future__ import annotations

import io
import pickle
import subprocess
import sys

import pytest

import mlpy
from mlpy.engine.program_cache import PROGRAMS
from mlpy.engine.values import UnpicklableMLFunction


def test_in_process_max_memory_is_refused_naming_the_alternatives():
    with pytest.raises(ValueError) as info:
        mlpy.run("x = 1;", max_memory=64)
    assert "sandbox=True" in str(info.value) and "SandboxPool" in str(info.value)


def test_input_reads_only_the_stdin_the_host_passes(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("host secret\n"))
    assert mlpy.run("line = input();").globals["line"] is None
    assert mlpy.run("line = input();", stdin=io.StringIO("given\n")).globals["line"] == "given"
    assert sys.stdin.read() == "host secret\n"  # untouched


def test_capture_output_puts_the_output_in_the_result(capsys):
    result = mlpy.run('print("one"); print(2);', capture_output=True)
    assert result.output == "one\n2\n"
    assert capsys.readouterr().out == ""
    assert mlpy.run("x = 1;").output is None


def test_inputs_become_ml_globals_as_copies():
    data = {"items": [1, 2, (3, 4)], "name": "n"}
    result = mlpy.run("items.append(5); total = len(items); class = name + '!';",
                      inputs={"items": data["items"], "name": data["name"]}, capture_output=True)
    assert result.globals["total"] == 4
    assert result.globals["items"] == [1, 2, [3, 4], 5]
    assert data["items"] == [1, 2, (3, 4)]  # the host's list was copied, never handed over
    assert result.globals["class"] == "n!"


def test_inputs_refuse_python_objects_and_bad_names():
    with pytest.raises(TypeError, match=r"inputs\['f'\]: a Python function cannot be passed to ML"):
        mlpy.run("x = 1;", inputs={"f": print})
    with pytest.raises(TypeError, match=r"inputs\['d'\]\[0\]: object keys passed to ML must be strings"):
        mlpy.run("x = 1;", inputs={"d": [{1: 2}]})
    with pytest.raises(ValueError, match="'__ml_step' is not a usable ML variable name"):
        mlpy.run("x = 1;", inputs={"__ml_step": 1})


def test_inputs_work_for_run_file_and_program_run(tmp_path):
    path = tmp_path / "p.ml"
    path.write_text("y = x * 2;\n")
    assert mlpy.run_file(path, inputs={"x": 21}).globals["y"] == 42
    assert mlpy.compile("y = x + 1;", inputs=["x"]).run(inputs={"x": 1}).globals["y"] == 2


def test_result_call_with_per_call_limits():
    result = mlpy.run("function spin(n) { i = 0; while (i < n) { i = i + 1; } return i; }\n"
                      "function add(a, b) { return a + b; }", max_steps=10**9)
    assert result.call("add", [1], [2]) == [1, 2]
    assert result.call("spin", 100, max_steps=1000) == 100
    with pytest.raises(mlpy.MLLimitError, match="step limit of 1000 exceeded"):
        result.call("spin", 10**6, max_steps=1000)
    with pytest.raises(mlpy.MLTimeoutError):
        result.call("spin", 10**12, timeout=0.2)
    with pytest.raises(TypeError, match="'nothing' is not an ML function"):
        result.call("nothing")


def test_result_call_with_limits_needs_a_counted_run():
    result = mlpy.run("function f() { return 1; }")
    assert result.call("f") == 1
    with pytest.raises(ValueError, match="ran without limits"):
        result.call("f", timeout=1)


def test_run_result_pickles_with_functions_as_markers():
    result = mlpy.run('x = [1, {"a": null}]; function f() { return 1; } g = fn() => 2;',
                      capture_output=True)
    copy = pickle.loads(pickle.dumps(result))
    assert copy.globals["x"] == [1, {"a": None}]
    assert copy.globals["f"] == UnpicklableMLFunction("f")
    assert copy.output == "" and copy.stats.output_bytes == 0
    with pytest.raises(TypeError, match="did not survive pickling"):
        copy.globals["g"]()
    with pytest.raises(TypeError, match="did not survive pickling"):
        copy.call("f")


def test_run_result_pickles_functions_nested_in_values():
    result = mlpy.run("function f(a) { return a; }\n"
                      "y = [f, fn(x) => x];\n"
                      "o = {g: f, deep: [1, {h: f}], push: [].append};\n"
                      "c = [1]; c.append(c);\n")
    copy = pickle.loads(pickle.dumps(result))
    f = UnpicklableMLFunction("f")
    assert copy.globals["y"] == [f, UnpicklableMLFunction("(anonymous)")]
    assert copy.globals["o"]["g"] == f and copy.globals["o"]["deep"] == [1, {"h": f}]
    assert isinstance(copy.globals["o"]["push"], UnpicklableMLFunction)
    assert copy.globals["c"][0] == 1 and copy.globals["c"][1] is copy.globals["c"]  # cycles kept
    assert callable(result.globals["f"]) and result.globals["y"][1](5) == 5  # the original is intact


def test_run_result_pickles_a_caught_error_as_its_fields():
    result = mlpy.run('err = null;\ntry { x = 1 - "a"; } except (e) { err = e; }\n')
    data = pickle.dumps(result)
    assert b"traceback" not in data.lower()
    copy = pickle.loads(data)
    assert copy.globals["err"] == {"type": "TypeError", "message": "cannot subtract number and string",
                                   "line": 2}


def test_a_pickled_program_runs_in_another_process():
    program = mlpy.compile('function sq(n) { return n * n; }\nprint(sq(x));\n', filename="prog.ml",
                           inputs=["x"])
    data = pickle.dumps(program)
    code = ("import pickle, sys; program = pickle.loads(sys.stdin.buffer.read()); "
            "print(program.run(inputs={'x': 12}, capture_output=True).output, end='')")
    done = subprocess.run([sys.executable, "-c", code], input=data, capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode() == "144\n"


def test_repeated_runs_of_one_source_compile_once():
    source = "unique_source_for_the_lru = 17;"
    mlpy.run(source)
    hits = PROGRAMS.hits
    for _ in range(3):
        assert mlpy.run(source).globals["unique_source_for_the_lru"] == 17
    assert PROGRAMS.hits == hits + 3


def test_cache_off_compiles_afresh():
    source = "cache_off_source = 3;"
    hits = PROGRAMS.hits
    assert mlpy.run(source, cache=False).globals["cache_off_source"] == 3
    assert mlpy.run(source, cache=False).globals["cache_off_source"] == 3
    assert PROGRAMS.hits == hits


def test_stats_of_a_run_and_of_a_failed_run():
    result = mlpy.run('import math;\nfor (i in range(10)) { print(i); }', capture_output=True,
                      max_steps=1000)
    stats = result.stats
    assert stats.steps is not None and 10 <= stats.steps < 1000
    assert stats.output_bytes == len("".join(f"{i}\n" for i in range(10)))
    assert stats.modules == ["math"] and stats.wall_time > 0
    assert mlpy.run("x = 1;").stats.steps is None  # not metered
    with pytest.raises(mlpy.MLLimitError) as info:
        mlpy.run("while (true) { }", max_steps=500)
    assert info.value.stats is not None and info.value.stats.steps == 500
