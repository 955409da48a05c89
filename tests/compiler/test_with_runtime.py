"""The contract between generated code and the runtime helpers (``mlpy.runtime.namespace``)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from mlpy.compiler import CompileOptions, compile_source
from mlpy.errors import MLCompileError, MLLimitError
from mlpy.runtime import namespace
from mlpy.runtime.errors_runtime import MLThrown

PROGRAMS = Path(__file__).resolve().parent.parent / "programs"


def _helpers_used(module: ast.Module) -> set[str]:
    """``__ml_`` names the generated code reads but never binds itself (runtime helpers)."""
    loads, stores = set(), set()
    for node in ast.walk(module):
        if isinstance(node, ast.Name) and node.id.startswith("__ml_"):
            (stores if isinstance(node.ctx, ast.Store) else loads).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.ExceptHandler)) and node.name:
            stores.add(node.name)
    return loads - stores


@pytest.mark.parametrize("count_steps", [False, True])
def test_every_helper_the_compiler_emits_exists(count_steps):
    used: set[str] = set()
    for path in sorted(PROGRAMS.glob("*.ml")):
        source = path.read_text(encoding="utf-8")
        try:
            program = compile_source(source, path.name, CompileOptions(count_steps=count_steps))
        except MLCompileError:
            continue  # programs that test compile errors
        assert program.python_module is not None
        used |= _helpers_used(program.python_module)
    assert {"__ml_member", "__ml_callmethod", "__ml_iter", "__ml_catch", "__ml_import"} <= used
    assert used - set(namespace.builtins_dict()) == set()


def test_program_with_real_runtime(run):
    src = ('function fib(n) { if (n < 2) { return n; } return fib(n - 1) + fib(n - 2); }\n'
           'o = {n: fib(10)};\no.n += 1;\nwords = ["a", "b"];\nwords.append("c");\n'
           's = "";\nfor (w in words) { s += w.upper(); }\n'
           'print("fib=" + o.n, s, words.length, 2 ** 10, "x" * 3);')
    assert run(src).out == ["fib=56 ABC 3 1024 xxx"]


def test_errors_with_real_runtime(run):
    src = ('try { throw {message: "m", code: 7}; } except (e) { print(typeof(e), e.code, e.message); }\n'
           'try { x = 1 / 0; } except (e: ZeroDivisionError) { print("zero", e.type); }\n'
           'try { y = [1][3]; } except (e: TypeError) { print("no"); } except (e) { print(e.type); }'
           ' finally { print("done"); }')
    assert run(src).out == ["error 7 m", "zero ZeroDivisionError", "IndexError", "done"]


def test_destructuring_and_closures_with_real_runtime(run):
    src = ("[a, b] = [1, 2];\n{x, y} = {x: 3, y: 4};\nadd = fn(p) => fn(q) => p + q;\n"
           "acc = fn(v) => { nonlocal a; a += v; return a; };\nacc(10);\nprint(a, b, x, y, add(1)(2));")
    assert run(src).out == ["11 2 3 4 3"]


def test_repl_result_with_real_runtime(run):
    assert run("x = 4;\nx == 4;", CompileOptions(repl=True)).globals["__ml_result__"] is True


def test_fast_paths_with_real_runtime_values(run):
    src = ('function f(v) {\n  try { throw {message: "m", code: v}; }\n'
           '  except (e) { out = []; out.append(e.code); out.append(e.message.length); return out; }\n}\n'
           'function g(o, s, n) { o.k = 1; o.k += n * 2; return [o.k, s.length, len(s), "" + n, o.nope]; }\n'
           'print(f(3), g({}, "abc", 4));')
    assert run(src).out == ["[3, 1] [9, 3, 3, \"4\", null]"]
    with pytest.raises(MLLimitError):
        run('function h(x) { return x * 3; }\nh("ab" * 100000000);')


@pytest.mark.parametrize("src", [
    'r = "%s" % 1;',
    'function f(a) { return a % [1]; }\nr = f("%r");',
    'function f() { s = "%.9999999f"; s %= 1; return s; }\nr = f();',
])
def test_percent_on_a_string_is_an_ml_type_error_not_formatting(run, src):
    with pytest.raises(MLThrown) as info:
        run(src)
    assert info.value.error.type == "TypeError"
    assert "'%' needs numbers, not a string on the left" in info.value.error.message


def test_percent_remainder_of_numbers(run):
    out = run("function f(a, b) { k = a; k %= b; return [a % b, k, 7 % b, -7 % 3, 7.5 % 2]; }\n"
              "print(f(7, 3), f(-7, 3));\nprint(10 % 4, 5 % -3);").out
    assert out == ["[1, 1, 1, 2, 1.5] [2, 2, 1, 2, 1.5]", "2 -1"]


@pytest.mark.parametrize("fmt", ["%0900000000d", "%.900000000f", "%" + "9" * 5000 + "d"])
def test_percent_with_a_huge_width_is_the_string_limit(run, fmt):
    with pytest.raises(MLLimitError, match="formatting with '%'"):
        run(f'x = "{fmt}" % 1;')
