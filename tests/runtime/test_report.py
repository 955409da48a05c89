"""Positions and call chains of errors escaping generated code (report.py, execute)."""

from __future__ import annotations

import io

import pytest

from mlpy.errors import MLError, MLLimitError, MLRuntimeError, MLSecurityError
from mlpy.runtime.context import ExecutionContext
from mlpy.runtime.namespace import new_globals
from mlpy.runtime.report import execute, to_ml_error

# Python source standing in for generated code: same lines and columns as the ML it came from.
PROGRAM = """\
def helper(n):
    return 10 / n
def outer(v):
    return helper(v)
x = [1, 2]
print("before")
outer(0)
"""


def run(source: str, filename: str = "prog.ml") -> tuple[MLError, str]:
    out = io.StringIO()
    ctx = ExecutionContext(stdout=out, sources={filename: source})
    with pytest.raises(MLError) as info:
        execute(compile(source, filename, "exec"), new_globals(filename), ctx)
    return info.value, out.getvalue()


def test_innermost_ml_frame_position_and_call_chain() -> None:
    error, out = run(PROGRAM)
    assert out == "before\n"
    assert isinstance(error, MLRuntimeError)
    assert error.error_type == "ZeroDivisionError"
    assert (error.filename, error.line, error.column) == ("prog.ml", 2, 12)
    assert error.source_line == "    return 10 / n"
    assert [(f.line, f.function) for f in error.ml_traceback] == [(7, "<top level>"), (4, "outer"), (2, "helper")]
    assert error.format() == (
        "prog.ml:2:12: ZeroDivisionError: division by zero\n"
        "        return 10 / n\n"
        "               ^\n"
        "ML call chain (most recent call last):\n"
        "  prog.ml:7 in <top level>\n"
        "  prog.ml:4 in outer\n"
        "  prog.ml:2 in helper"
    )


def test_column_of_a_call_in_the_middle_of_a_line() -> None:
    error, _ = run("a = {}\nb = 1 + a['k']\n")
    assert (error.line, error.column) == (2, 9)
    assert error.message == "key 'k' not found"
    assert error.kind == "KeyError"


def test_runtime_helper_errors_point_at_the_ml_call() -> None:
    error, _ = run("x = 5\ny = __ml_member(x, 'foo')\n")
    assert (error.kind, error.message) == ("AttributeError", "'number' has no member 'foo'")
    assert (error.line, error.column) == (2, 5)


def test_uncaught_throw_keeps_type_and_fields() -> None:
    error, _ = run("z = 0\nraise __ml_throw({'type': 'Custom', 'message': 'bad', 'code': 7})\n")
    assert isinstance(error, MLRuntimeError)
    assert (error.error_type, error.message, error.line) == ("Custom", "bad", 2)
    assert error.value.fields["code"] == 7
    assert error.value.fields["line"] == 2
    assert error.hint is None


def test_fatal_errors_get_their_position_filled() -> None:
    error, _ = run("x = 1\n__ml_mul('ab', 10**9)\n")
    assert isinstance(error, MLLimitError)
    assert (error.filename, error.line, error.column) == ("prog.ml", 2, 1)
    assert error.source_line == "__ml_mul('ab', 10**9)"


def test_existing_position_is_kept() -> None:
    source = "def f():\n    raise E\nf()\n"
    globals_dict = new_globals("p.ml")
    globals_dict["E"] = MLSecurityError("denied", "other.ml", 9, 3)
    ctx = ExecutionContext(sources={"p.ml": source})
    with pytest.raises(MLSecurityError) as info:
        execute(compile(source, "p.ml", "exec"), globals_dict, ctx)
    assert (info.value.filename, info.value.line, info.value.column) == ("other.ml", 9, 3)
    assert [f.line for f in info.value.ml_traceback] == [3, 2]


def test_python_builtins_are_unreachable() -> None:
    error, _ = run("open('x')\n")
    assert isinstance(error, MLRuntimeError)
    assert error.line == 1


def test_memory_error_becomes_a_limit_error() -> None:
    error = to_ml_error(MemoryError(), {})
    assert isinstance(error, MLLimitError)
    assert error.message == "out of memory"


def test_keyboard_interrupt_passes_through() -> None:
    source = "raise K\n"
    globals_dict = new_globals("k.ml")
    globals_dict["K"] = KeyboardInterrupt()
    with pytest.raises(KeyboardInterrupt):
        execute(compile(source, "k.ml", "exec"), globals_dict, ExecutionContext(sources={"k.ml": source}))


def test_recursion_error_is_reported() -> None:
    error, _ = run("def f(n):\n    return f(n + 1)\nf(0)\n")
    assert (error.kind, error.message) == ("RecursionError", "maximum recursion depth exceeded")
    assert error.line == 2
    # the run of identical frames is summarised: three shown, then one marker line
    assert [f.function for f in error.ml_traceback] == ["<top level>", "f", "f", "f",
                                                        "... the same call, repeated"]
    assert error.ml_traceback[0].function == "<top level>"


def test_summarise_marks_left_out_calls_without_counts() -> None:
    from mlpy.errors import MLFrame
    from mlpy.runtime.report import _summarise

    ping, pong = MLFrame("m.ml", 3, "ping"), MLFrame("m.ml", 6, "pong")
    chain = _summarise([MLFrame("m.ml", 8, "<top level>")] + [ping, pong] * 40)
    assert len(chain) == 26
    assert chain[:5] == [MLFrame("m.ml", 8, "<top level>"), ping, pong, ping, pong]
    assert (chain[5].filename, chain[5].line, chain[5].function) == ("", 0, "... more calls left out ...")
    assert chain[-1] == pong
    error = MLRuntimeError("deep", "m.ml", 6, 12)
    error.ml_traceback = chain
    lines = error.format().splitlines()
    assert lines[1:4] == ["ML call chain (most recent call last):", "  m.ml:8 in <top level>", "  m.ml:3 in ping"]
    assert "  ... more calls left out ..." in lines
