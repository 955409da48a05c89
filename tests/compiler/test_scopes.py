"""Name resolution: forward references, shadowing, nonlocal, closures, unknown names."""

from __future__ import annotations

import pytest

from mlpy.compiler import CompileOptions, compile_source
from mlpy.errors import MLNameError, MLSyntaxError


def test_forward_reference_to_later_function_and_global(run):
    # `later` is assigned after the functions that read it; it only has to exist when they run.
    r = run("function g() { return f(2); }\nfunction f(x) { return x + later; }\nlater = 40;\nprint(g());")
    assert r.out == ["42"]


def test_function_hoisting_call_before_declaration(run):
    r = run("print(twice(21));\nfunction twice(n) { return n * 2; }")
    assert r.out == ["42"]


def test_nested_function_hoisted_in_its_body(run):
    r = run("function outer() { v = inner(); function inner() { return 7; } return v; }\nprint(outer());")
    assert r.out == ["7"]


def test_user_function_shadows_builtin(run):
    r = run('function max(a) { return "mine " + a; }\nprint(max(3));')
    assert r.out == ["mine 3"]


def test_builtins_resolve_without_definition(run):
    assert run("print(len([1, 2, 3]));").out == ["3"]


def test_nonlocal_to_top_level_means_global(run):
    r = run("count = 0;\nfunction inc() { nonlocal count; count += 1; }\ninc(); inc(); inc();\nprint(count);")
    assert r.out == ["3"]
    assert r.globals["count"] == 3


def test_nonlocal_to_enclosing_function(run):
    src = ("function counter() { n = 0; function bump() { nonlocal n; n += 1; return n; } return bump; }\n"
           "c = counter(); c(); c();\nprint(c());")
    assert run(src).out == ["3"]


def test_nonlocal_through_two_levels(run):
    src = ("function a() { x = 1; function b() { function c() { nonlocal x; x = 5; } c(); } b(); return x; }\n"
           "print(a());")
    assert run(src).out == ["5"]


def test_nonlocal_in_nested_function_of_function_that_declared_global(run):
    src = ("g = 1;\nfunction a() { nonlocal g; function b() { nonlocal g; g = 9; } b(); }\na();\nprint(g);")
    assert run(src).out == ["9"]


def test_assignment_without_nonlocal_is_local(run):
    r = run("x = 1;\nfunction f() { x = 2; return x; }\nprint(f(), x);")
    assert r.out == ["2 1"]


def test_closure_by_reference_and_arrow_closures(run):
    src = ("function make() { k = 1; f = fn(y) => y + k; k = 10; return f; }\nprint(make()(5));\n"
           "adders = [];\nfor (i in [1, 2]) { adders.append(fn(v) => v * i); }\nprint(adders[0](3));")
    # Closures see variables, not values: the loop variable ends at 2.
    assert run(src).out == ["15", "6"]


def test_block_arrow_closure_with_nonlocal(run):
    src = ("function acc() { total = 0; add = fn(v) => { nonlocal total; total += v; return total; };"
           " add(2); return add(3); }\nprint(acc());")
    assert run(src).out == ["5"]


def test_unknown_identifier_with_suggestion_and_position():
    with pytest.raises(MLNameError) as info:
        compile_source("zx = 1;\nprint(zz);", "prog.ml")
    err = info.value
    assert (err.line, err.column, err.message) == (2, 7, "Unknown identifier 'zz'")
    assert err.hint == "did you mean 'zx'?"
    assert err.format().splitlines()[0] == "prog.ml:2:7: NameError: Unknown identifier 'zz'"


def test_unknown_identifier_inside_function_body():
    with pytest.raises(MLNameError) as info:
        compile_source("function f(alpha) {\n  return alpah + 1;\n}", "p.ml")
    assert (info.value.line, info.value.column) == (2, 10)
    assert info.value.hint == "did you mean 'alpha'?"


def test_function_local_not_visible_outside():
    with pytest.raises(MLNameError) as info:
        compile_source("function f() { secret = 1; }\nprint(secret);", "p.ml")
    assert (info.value.line, info.value.column) == (2, 7)


def test_nonlocal_without_binding_is_an_error():
    with pytest.raises(MLNameError) as info:
        compile_source("function f() {\n  nonlocal q;\n}", "p.ml")
    assert info.value.message == "nonlocal 'q' names no variable of an enclosing function or the top level"
    assert (info.value.line, info.value.column) == (2, 12)


def test_nonlocal_of_parameter_is_an_error():
    with pytest.raises(MLSyntaxError) as info:
        compile_source("x = 1;\nfunction f(x) { nonlocal x; }", "p.ml")
    assert "cannot be nonlocal" in info.value.message


def test_top_level_nonlocal_is_harmless(run):
    assert run("x = 1;\nnonlocal x;\nx = 2;\nprint(x);").out == ["2"]


@pytest.mark.parametrize(("src", "message", "line", "col"), [
    ("x = 1;\nbreak;", "'break' outside a loop", 2, 1),
    ("while (true) { function f() { continue; } }", "'continue' outside a loop", 1, 31),
    ("if (true) {\n  return 1;\n}", "'return' outside a function", 2, 3),
    ("function f(a, a) { }", "duplicate parameter 'a'", 1, 15),
    ("function f() { import math; }", "'import' is only allowed at the top level", 1, 16),
])
def test_structural_errors_have_positions(src, message, line, col):
    with pytest.raises(MLSyntaxError) as info:
        compile_source(src, "p.ml")
    assert (info.value.message, info.value.line, info.value.column) == (message, line, col)


def test_dunder_identifier_rejected():
    with pytest.raises(MLSyntaxError) as info:
        compile_source("y = 1;\n__x = 1;", "p.ml")
    assert (info.value.line, info.value.column) == (2, 1)


def test_repl_known_globals_resolve(run):
    opts = CompileOptions(repl=True, known_globals=frozenset({"session"}))
    r = run("session + 1;", opts, names={"session": 41})
    assert r.globals["__ml_result__"] == 42


def test_repl_top_level_nonlocal_of_session_variable(run):
    opts = CompileOptions(repl=True, known_globals=frozenset({"n"}))
    r = run("function bump() { nonlocal n; n += 1; }\nbump();\nn;", opts, names={"n": 1})
    assert r.globals["__ml_result__"] == 2


@pytest.mark.parametrize("source", [
    "function bump() { nonlocal fresh; fresh = 1; }",
    "nonlocal fresh;",
    "function outer() { function inner() { nonlocal fresh; fresh = 1; } }",
])
def test_repl_nonlocal_of_an_unknown_name_is_an_error_as_in_a_program(source: str) -> None:
    # nonlocal works identically in `mlpy run`, the REPL and modules.
    for options in (CompileOptions(), CompileOptions(repl=True, known_globals=frozenset({"other"}))):
        with pytest.raises(MLNameError) as info:
            compile_source(source, "<repl-1>", options)
        assert info.value.message == "nonlocal 'fresh' names no variable of an enclosing function or the top level"


def test_python_keywords_as_ml_names(run):
    r = run("class = 1;\nfunction def(pass) { return pass + class; }\nmatch = def(2);\nprint(match);")
    assert r.out == ["3"]
    assert r.globals["__kw_class"] == 1


def test_top_level_names_and_imports_recorded():
    program = compile_source("import a.b;\nimport c as d;\nx = 1;\nfunction f() { y = 2; }\n", "p.ml")
    assert program.top_level_names == ["a", "d", "x", "f"]
    assert [(i.path, i.alias) for i in program.imports] == [(["a", "b"], None), (["c"], "d")]
