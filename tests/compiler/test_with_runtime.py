"""The generated code against the real runtime helpers (``mlpy.runtime.namespace``)."""

from __future__ import annotations

import io

import pytest

from mlpy.compiler import CompileOptions, compile_source

namespace = pytest.importorskip("mlpy.runtime.namespace")
context = pytest.importorskip("mlpy.runtime.context")


def run_real(source: str, options: CompileOptions = CompileOptions()) -> tuple[str, dict]:
    program = compile_source(source, "prog.ml", options)
    globals_ = namespace.new_globals("prog.ml")
    buffer = io.StringIO()
    with context.use(context.ExecutionContext(stdout=buffer, sources={"prog.ml": source})):
        exec(program.code, globals_)
    return buffer.getvalue(), globals_


def test_every_helper_the_compiler_emits_exists():
    helpers = {"__ml_str", "__ml_member", "__ml_setmember", "__ml_callmethod", "__ml_mul", "__ml_pow",
               "__ml_mod", "__ml_iter", "__ml_throw", "__ml_catch", "__ml_error_is", "__ml_in_fatal", "__ml_import",
               "__ml_unpack", "__ml_unpack_obj", "__ml_step", "__ml_BaseException"}
    assert helpers <= set(namespace.builtins_dict())


def test_program_with_real_runtime():
    src = ('function fib(n) { if (n < 2) { return n; } return fib(n - 1) + fib(n - 2); }\n'
           'o = {n: fib(10)};\no.n += 1;\nwords = ["a", "b"];\nwords.append("c");\n'
           's = "";\nfor (w in words) { s += w.upper(); }\n'
           'print("fib=" + o.n, s, words.length, 2 ** 10, "x" * 3);')
    out, _ = run_real(src)
    assert out == "fib=56 ABC 3 1024 xxx\n"


def test_errors_with_real_runtime():
    src = ('try { throw {message: "m", code: 7}; } except (e) { print(typeof(e), e.code, e.message); }\n'
           'try { x = 1 / 0; } except (e: ZeroDivisionError) { print("zero", e.type); }\n'
           'try { y = [1][3]; } except (e: TypeError) { print("no"); } except (e) { print(e.type); }'
           ' finally { print("done"); }')
    out, _ = run_real(src)
    assert out == "error 7 m\nzero ZeroDivisionError\nIndexError\ndone\n"


def test_destructuring_and_closures_with_real_runtime():
    src = ("[a, b] = [1, 2];\n{x, y} = {x: 3, y: 4};\nadd = fn(p) => fn(q) => p + q;\n"
           "acc = fn(v) => { nonlocal a; a += v; return a; };\nacc(10);\nprint(a, b, x, y, add(1)(2));")
    out, _ = run_real(src)
    assert out == "11 2 3 4 3\n"


def test_repl_result_with_real_runtime():
    _, globals_ = run_real("x = 4;\nx == 4;", CompileOptions(repl=True))
    assert globals_["__ml_result__"] is True


def test_fast_paths_with_real_runtime_values():
    src = ('function f(v) {\n  try { throw {message: "m", code: v}; }\n'
           '  except (e) { out = []; out.append(e.code); out.append(e.message.length); return out; }\n}\n'
           'function g(o, s, n) { o.k = 1; o.k += n * 2; return [o.k, s.length, len(s), "" + n, o.nope]; }\n'
           'print(f(3), g({}, "abc", 4));')
    out, _ = run_real(src)
    assert out == "[3, 1] [9, 3, 3, \"4\", null]\n"
    with pytest.raises(Exception) as info:
        run_real('function h(x) { return x * 3; }\nh("ab" * 100000000);')
    assert type(info.value).__name__ == "MLLimitError"


@pytest.mark.parametrize("src", [
    'r = "%s" % 1;',
    'function f(a) { return a % [1]; }\nr = f("%r");',
    'function f() { s = "%.9999999f"; s %= 1; return s; }\nr = f();',
])
def test_percent_on_a_string_is_an_ml_type_error_not_formatting(src):
    from mlpy.runtime.errors_runtime import MLThrown

    with pytest.raises(MLThrown) as info:
        run_real(src)
    assert info.value.error.type == "TypeError"
    assert "'%' needs numbers, not a string on the left" in info.value.error.message


def test_percent_remainder_of_numbers():
    out, _ = run_real("function f(a, b) { k = a; k %= b; return [a % b, k, 7 % b, -7 % 3, 7.5 % 2]; }\n"
                      "print(f(7, 3), f(-7, 3));\nprint(10 % 4, 5 % -3);")
    assert out == "[1, 1, 1, 2, 1.5] [2, 2, 1, 2, 1.5]\n2 -1\n"


@pytest.mark.parametrize("fmt", ["%0900000000d", "%.900000000f", "%" + "9" * 5000 + "d"])
def test_percent_with_a_huge_width_is_the_string_limit(fmt):
    from mlpy.errors import MLLimitError

    with pytest.raises(MLLimitError, match="formatting with '%'"):
        run_real(f'x = "{fmt}" % 1;')
