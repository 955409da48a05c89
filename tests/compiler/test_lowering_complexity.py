"""The lowering's work grows linearly with the program, whatever its shape.

A few shapes once made one statement cost far more than its size: a chain ``a + a + ... + a`` under
limits asked ``kinds`` about every link, and each answer walked every link below it again (cubic:
200 links took 1.3 s). Compile deadlines are checked between statements, so such statements ran
past any time limit. These tests count the work instead of timing it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from mlpy.compiler import CompileOptions, kinds
from mlpy.compiler.lowering import lower_program
from mlpy.compiler.resolver import resolve
from mlpy.language import parse


@pytest.fixture
def kinds_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts every call of ``kinds.value_kind`` and ``kinds.never_sequence`` (their own recursive
    calls included: they call each other through the module)."""
    count = [0]
    for name in ("value_kind", "never_sequence"):
        original = getattr(kinds, name)

        def counted(*args: object, _original=original) -> object:
            count[0] += 1
            return _original(*args)

        monkeypatch.setattr(kinds, name, counted)
    return count


def lowered(source: str, *, count_steps: bool = True) -> ast.Module:
    program = parse(source, "p.ml")
    resolve(program, "p.ml", source)
    return lower_program(program, "p.ml", count_steps=count_steps)


@pytest.mark.parametrize("links", [150, 600])
def test_a_long_plus_chain_under_limits_asks_kinds_linearly_often(kinds_calls, links):
    module = lowered(f"function f(a) {{ return {' + '.join(['a'] * links)}; }}")
    checks = [n for n in ast.walk(module) if isinstance(n, ast.Name) and n.id == "__ml_sized"]
    assert len(checks) == links - 1  # every link is still size-checked
    assert kinds_calls[0] < 12 * links, f"{kinds_calls[0]} calls for {links} links"


def test_a_long_concatenation_chain_under_limits_asks_kinds_linearly_often(kinds_calls):
    links = 600
    lowered(f"function f(a) {{ return {' + '.join(['a'] * links)} + \"!\"; }}")
    assert kinds_calls[0] < 12 * links


def nested(template: str, depth: int) -> str:
    """``template`` (with one ``{}``) applied ``depth`` times around ``z``."""
    expr = "z"
    for _ in range(depth):
        expr = template.format(expr)
    return expr


# An operand a fast path writes into both branches of its type test, nested in itself: without a
# bound on what is copied, every level doubled the code (a 210-byte program took compile() 10 s).
DOUBLING_SHAPES = [
    pytest.param("a.append({})", False, id="append-of-append"),
    pytest.param("a * len([{}])", False, id="product-with-a-computed-int"),
    pytest.param("a % (a % {})", False, id="remainder-of-remainder"),
    pytest.param("a < ({})", True, id="comparison-of-comparison-under-limits"),
]


@pytest.mark.parametrize(("template", "count_steps"), DOUBLING_SHAPES)
def test_operands_nested_in_fast_paths_grow_the_code_linearly(template, count_steps):
    depth = 30
    module = lowered(f"function f(a, z) {{ return {nested(template, depth)}; }}", count_steps=count_steps)
    size = sum(1 for _ in ast.walk(module))  # a node used in two places counts twice, as for compile()
    assert size < 400 * depth, f"{size} nodes for {depth} levels"


@pytest.mark.parametrize(("template", "count_steps", "expected"), [
    ("a.append({})", False, 12), ("a * len([{}])", False, 2), ("a * len([{}])", True, 2),
])
def test_deeply_nested_fast_paths_still_compute_the_same(run, template, count_steps, expected):
    source = f"function f(a, z) {{ return {nested(template, 12)}; }}\n"
    if template.startswith("a.append"):
        source += "x = [];\nf(x, 1);\nn = len(x);"
    else:
        source += "n = f(2, 3);"
    assert run(source, CompileOptions(count_steps=count_steps)).globals["n"] == expected


def _expressions(node: object):
    """Every ML expression node under ``node`` (iteratively: programs may nest deeply)."""
    from mlpy.language import nodes

    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, list):
            stack.extend(current)
        elif isinstance(current, nodes.Node):
            if isinstance(current, nodes.Expr):
                yield current
            stack.extend(getattr(current, name) for name in current.__slots__ if not name.startswith("_"))


CORPUS = sorted((Path(__file__).parents[1] / "programs").glob("*.ml")) + sorted(
    (Path(__file__).parents[1] / "security" / "attacks").glob("*.ml"))


def test_the_remembered_kinds_are_what_kinds_answers_for_every_corpus_expression():
    """The lowering shows ``kinds`` an operator node with leaves standing in for its compound
    operands (see ``FastPaths._value_kind``): right only while ``kinds`` looks at an operand through
    its own answer for it. Checked against ``kinds`` itself on every expression of the corpus."""
    from mlpy.compiler.lowering import Lowering
    from mlpy.errors import MLError

    checked = 0
    for path in CORPUS:
        source = path.read_text(encoding="utf-8")
        try:
            program = parse(source, str(path))
            resolve(program, str(path), source)
        except MLError:
            continue  # a corpus program that must not compile
        lowering = Lowering(str(path), count_steps=True)
        for expr in _expressions(program.body):
            assert lowering._value_kind(expr) == kinds.value_kind(expr), (path.name, expr.line, expr.col)
            assert lowering._never_sequence(expr) == kinds.never_sequence(expr), (path.name, expr.line)
            checked += 1
    assert checked > 5_000
