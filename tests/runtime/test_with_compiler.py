"""End to end through the real compiler: ML source -> code object -> runtime (output and errors)."""

from __future__ import annotations

import io

import pytest

from mlpy.compiler import compile_source
from mlpy.errors import MLError, MLLimitError, MLRuntimeError
from mlpy.runtime.context import ExecutionContext
from mlpy.runtime.namespace import ml_globals_view, new_globals
from mlpy.runtime.report import execute


def run(source: str) -> tuple[str, dict[str, object]]:
    out = io.StringIO()
    program = compile_source(source, "t.ml")
    globals_dict = new_globals("t.ml")
    execute(program.code, globals_dict, ExecutionContext(stdout=out, sources={"t.ml": source}))
    return out.getvalue(), ml_globals_view(globals_dict)


def fails(source: str) -> tuple[MLError, str]:
    out = io.StringIO()
    program = compile_source(source, "t.ml")
    with pytest.raises(MLError) as info:
        execute(program.code, new_globals("t.ml"), ExecutionContext(stdout=out, sources={"t.ml": source}))
    return info.value, out.getvalue()


def test_values_print_in_ml_notation() -> None:
    out, names = run('x = [1, "a", true, null, {k: 2.0}]; print(x, "raw", 0.1 + 0.2); print();')
    assert out == '[1, "a", true, null, {"k": 2.0}] raw 0.30000000000000004\n\n'
    assert names["x"] == [1, "a", True, None, {"k": 2.0}]


def test_caught_runtime_errors_have_type_message_and_line() -> None:
    source = 'a = [1, 2, 3];\ntry {\n    v = a[5];\n} except (e: IndexError) {\n    print(e.type, e.message, e.line);\n}\n'
    out, _ = run(source)
    assert out == "IndexError array index 5 out of range (length 3) 3\n"


def test_throw_and_typed_except() -> None:
    source = (
        'try { throw {type: "MyErr", message: "mine", code: 7}; }\n'
        'except (e: TypeError) { print("wrong"); }\n'
        'except (e: MyErr) { print(typeof(e), e, e.code, e.nothing); }\n'
        'finally { print("finally"); }\n'
    )
    out, _ = run(source)
    assert out == "error mine 7 null\nfinally\n"


def test_uncaught_error_report() -> None:
    source = 'print("start");\nfunction f(o) {\n    return o.name.first;\n}\nf({});\n'
    error, out = fails(source)
    assert out == "start\n"
    assert isinstance(error, MLRuntimeError)
    assert error.headline == "t.ml:3:12: AttributeError: 'null' has no member 'first'"
    assert [(frame.line, frame.function) for frame in error.ml_traceback] == [(5, "<top level>"), (3, "f")]


def test_fatal_errors_skip_except_and_finally() -> None:
    source = 'n = 100000000;\ntry { s = "ab" * n; } except (e) { print("caught"); } finally { print("finally"); }\n'
    error, out = fails(source)
    assert isinstance(error, MLLimitError)
    assert out == ""
    assert (error.line, error.filename) == (2, "t.ml")


def test_no_route_to_python_objects() -> None:
    out, _ = run(
        'function f() { return 1; }\n'
        'print(getattr(f, "__globals__"), getattr("s", "__class__"), hasattr(f, "__code__"), methods(f));\n'
        'try { x = "abc"._private; } except (e: AttributeError) { print(e.message); }\n'
    )
    assert out == "null null false []\n'string' has no member '_private'\n"


def test_builtin_module_and_shadowing() -> None:
    out, _ = run("function max(a) { return \"mine\"; }\nprint(max(1), builtin.max(1, 2), typeof(builtin));\n")
    assert out == "mine 2 module\n"
