"""Functions that never return a string or array: under limits a ``+`` of their results has no size
check; anything that could make such a function return one keeps the check."""

from __future__ import annotations

import ast

import pytest

from mlpy.compiler import CompileOptions, compile_source
from mlpy.language import nodes

LIMITED = CompileOptions(count_steps=True)

FIB = """
function fib(n) {
    if (n < 2) { return n; }
    return fib(n - 1) + fib(n - 2);
}
result = fib(15);
"""


def _function(source: str, name: str, options: CompileOptions = LIMITED) -> str:
    module = compile_source(source, "p.ml", options).python_module
    fn = next(n for n in module.body if isinstance(n, ast.FunctionDef) and n.name == name)
    return ast.unparse(fn)


def test_a_recursive_numeric_function_adds_its_results_unchecked(run) -> None:
    assert "return fib(n - 1) + fib(n - 2)" in _function(FIB, "fib")
    assert run(FIB, LIMITED).globals["result"] == 610
    assert run(FIB.replace("fib(15)", "fib(7.5)"), LIMITED).globals["result"] == 23.5


def test_a_string_argument_still_fails_at_the_comparison(run) -> None:
    with pytest.raises(TypeError, match="'<' not supported between instances of 'str' and 'int'"):
        run(FIB.replace("fib(15)", 'fib("ab")'), LIMITED)


@pytest.mark.parametrize("change", [
    "x = 1;\nfib = fn(n) => [n];",                                   # rebound at the top level
    "function swap() { nonlocal fib; fib = fn(n) => [n]; }",         # rebound from a function
    "for (fib in [1]) { }",                                          # a loop target
])
def test_a_rebound_name_keeps_the_check(change: str) -> None:
    assert "__ml_sized(" in _function(FIB + change, "fib")


@pytest.mark.parametrize("body", [
    "return n;",                                                          # no comparison first
    "if (n < 2) { return n; }\n    n = [n];\n    return n;",              # the parameter rebound
    "if (n < 2) { return s; }\n    return n;",                            # another parameter
    "if (n == 2) { return n; }\n    return 0;",                           # == does not fail on a string
    "x = 1;\n    if (n < 2) { return n; }\n    return 0;",                 # not the first statement
    "if (n < 2) { return n; }\n    return \"\" + n;",                      # a concatenation
    "if (n < 2) { return n; }\n    return n * s;",                        # may repeat a string
    "if (n < 2) { return n; }\n    return [n];",                          # an array
    "if (n < 2) { return n; }\n    return other(n);",                     # an unknown call
    "if (n < 2) { return n; }\n    for (x in s) { return x; }\n    return 0;",  # inside a loop
])
def test_a_function_that_may_return_a_string_or_array_keeps_the_check(body: str) -> None:
    source = ("function other(x) { return x; }\nfunction f(n, s) {\n    " + body
              + "\n}\nfunction g(a) { return f(a, a) + f(a, a); }\n")
    assert "__ml_sized(" in _function(source, "g")


def test_repl_entries_keep_the_check() -> None:
    options = CompileOptions(count_steps=True, repl=True)
    assert "__ml_sized(" in _function(FIB, "fib", options)


def test_mutual_recursion_qualifies_only_when_both_functions_do() -> None:
    both = ("function a(n) { if (n < 1) { return 0; } return b(n - 1) + 1; }\n"
            "function b(n) { if (n < 1) { return 1; } return a(n - 1) + a(n - 2); }\n")
    assert "return a(n - 1) + a(n - 2)" in _function(both, "b")
    one = both.replace("return 0;", "return [0];")
    assert "__ml_sized(" in _function(one, "b")


def test_the_same_shape_with_numeric_returns_drops_the_check() -> None:
    source = ("function f(n, s) {\n    if (n < 2) { return n; }\n    return f(n - 1, s) * 2 + -n;\n}\n"
              "function g(a) { return f(a, a) + f(a, a); }\n")
    assert "return f(a, a) + f(a, a)" in _function(source, "g")


def _call_chain(count: int, last: str) -> str:
    """``f0`` returns ``f1() + f1()``, ..., and the last function returns ``last``."""
    lines = [f"function f{k}() {{ return f{k + 1}() + f{k + 1}(); }}" for k in range(count)]
    return "\n".join([*lines, f"function f{count}() {{ return {last}; }}", "x = f0() + f0();", ""])


@pytest.mark.parametrize(("last", "checked"), [("1", False), ('"s"', True)])
def test_a_long_call_chain_is_decided_checking_each_function_about_twice(monkeypatch, last: str,
                                                                           checked: bool) -> None:
    from mlpy.compiler import kinds

    asked: list[object] = []
    real = kinds.never_sequence

    def counting(node: object, safe: frozenset[str] = frozenset()) -> bool:
        asked.append(node)
        return real(node, safe)  # type: ignore[arg-type]

    monkeypatch.setattr(kinds, "never_sequence", counting)
    count = 300
    source = _call_chain(count, last)
    assert ("__ml_sized(" in _function(source, "f0")) is checked
    assert ("__ml_sized(" in _function(source, f"f{count - 1}")) is checked
    # The verdict of the last function reaches the first through every link: deciding it by sweeping
    # all functions until nothing changed asked about 45,000 returns here (a sweep per link).
    returns_asked = [node for node in asked if type(node) is nodes.Binary]  # not their operands
    assert len(returns_asked) <= 2 * 2 * count  # two compiles above, at most twice per function
