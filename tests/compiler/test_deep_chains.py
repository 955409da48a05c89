"""Long chains compile without touching the interpreter's recursion limit.

A one-line sum ``1 + 1 + ... + 1`` is a tree as deep as it is long. The compiler's walks follow
such chains in loops, so a compile never raises ``sys.setrecursionlimit`` (process-wide: another
thread's recursion would behave differently meanwhile) and the chain's length does not matter.
Genuine nesting deeper than the walks allow stays a positioned ``MLSyntaxError``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import pytest

from mlpy.compiler.lowering import lower_program
from mlpy.compiler.program import compile_program, compile_source
from mlpy.compiler.resolver import resolve
from mlpy.errors import MLSyntaxError
from mlpy.language import parse
from mlpy.tools.lsp.symbols import build_symbol_table


@pytest.fixture
def frozen_recursion_limit(monkeypatch: pytest.MonkeyPatch) -> int:
    """Makes any change of the recursion limit fail the test; gives the limit in force."""
    def refuse(limit: int) -> None:
        raise AssertionError(f"sys.setrecursionlimit({limit}) called during a compile")

    monkeypatch.setattr(sys, "setrecursionlimit", refuse)
    return sys.getrecursionlimit()


def _sum(term: str, links: int, op: str = "+") -> str:
    return f" {op} ".join([term] * links)


def test_a_3000_term_chain_compiles_at_the_limit_in_force(frozen_recursion_limit):
    seen: list[int] = []

    def checker(path: list[str], node: object) -> None:  # called by the lowering, mid-compile
        seen.append(sys.getrecursionlimit())

    source = f"function f(a) {{ return {_sum('a', 3000)}; }}\nimport math;\n"
    program = parse(source, "p.ml")
    resolve(program, "p.ml", source)
    module = lower_program(program, "p.ml", count_steps=True, import_checker=checker)
    assert seen == [frozen_recursion_limit]
    assert sum(1 for _ in module.body) >= 2


def test_a_long_sum_compiles_and_runs(run, frozen_recursion_limit):
    # 600 links: past what a walk recursing twice per link reached at the default limit, within
    # what Python's own compile() takes.
    result = run(f"function f(a) {{ return {_sum('a', 600)}; }}\nx = f(2);\ny = {_sum('1', 600, '-')};\n")
    assert result.globals["x"] == 1200
    assert result.globals["y"] == 1 - 599


def test_a_chain_too_long_for_python_compile_is_a_positioned_error(frozen_recursion_limit):
    with pytest.raises(MLSyntaxError) as info:
        compile_source(f"x = {_sum('1', 3000)};\n", "p.ml")
    assert info.value.message == "the program is nested too deeply to compile"
    assert (info.value.line, info.value.column) == (1, 1)


CHAINS = [
    pytest.param("function f(a) {{ return {}; }}", "a", "+", id="sum"),
    pytest.param("function f(a) {{ return \"s\" + {}; }}", "a", "+", id="concatenation"),
    pytest.param("function f(a) {{ return len({}); }}", "a", "+", id="sum-asked-for-its-kind"),
    pytest.param("function f(a) {{ return ({}) < a; }}", "a", "+", id="sum-compared"),
    pytest.param("function f(a) {{ return {}; }}", "a", "*", id="product"),
    pytest.param("function f(a) {{ return {}; }}", "a", "%", id="remainder"),
    # (`**` groups to the right: the parser stops such a chain at about 990 links)
    pytest.param("function f(a) {{ return {}; }}", "a", "**", id="power-deep-on-the-right"),
    pytest.param("function f(a) {{ return {}; }}", "a", "&&", id="and"),
    pytest.param("function f(a) {{ return {}; }}", "a + 1", "||", id="or-of-sums"),
    pytest.param("function f(n) {{ if (n < 2) {{ return n; }} return {}; }}\nx = f(3);", "f(n - 1)", "+",
                 id="returned-sum-of-calls"),
]


@pytest.mark.parametrize(("template", "term", "op"), CHAINS)
@pytest.mark.parametrize("count_steps", [False, True])
def test_the_walks_take_chains_of_any_length(template, term, op, count_steps, frozen_recursion_limit):
    source = template.format(_sum(term, 900 if op == "**" else 5_000, op))
    program = parse(source, "p.ml")
    resolve(program, "p.ml", source)
    lower_program(program, "p.ml", count_steps=count_steps)


def test_member_chains_and_signs_of_any_length(frozen_recursion_limit):
    source = "function f(a) { return a" + ".b" * 5_000 + ".length + " + "-" * 900 + "a; }"
    program = parse(source, "p.ml")
    resolve(program, "p.ml", source)
    lower_program(program, "p.ml", count_steps=True)


def test_the_symbol_table_takes_long_chains(frozen_recursion_limit):
    source = "a = 1;\nx = " + _sum("a.b", 5000) + ";\n"
    table = build_symbol_table(parse(source, "p.ml"), source)
    symbol = table.lookup("a", 2, 5)
    assert symbol is not None
    assert len(table.references(symbol)) == 5001


def _at_depth(frames: int, action: Callable[[], object]) -> object:
    """``action()`` called ``frames`` Python frames deeper than here (as from a deep host stack)."""
    return action() if frames <= 0 else _at_depth(frames - 1, action)


def test_deep_nesting_is_still_a_positioned_error(frozen_recursion_limit):
    # Nesting recurses per level in the walks: 300 nested conditionals (the parser allows
    # about 490) compiled from a deep host stack reach the recursion limit, which comes out as the
    # compiler's error, never a raw RecursionError.
    source = "function f(a) { return " + "a ? a : " * 300 + "a; }\n"
    program = parse(source, "p.ml")
    with pytest.raises(MLSyntaxError) as info:
        _at_depth(frozen_recursion_limit - 300, lambda: compile_program(program, source, "p.ml"))
    assert info.value.message == "the program is nested too deeply to compile"
    assert (info.value.filename, info.value.line, info.value.column) == ("p.ml", 1, 1)
    compile_program(parse(source, "p.ml"), source, "p.ml")  # from a shallow stack it compiles
