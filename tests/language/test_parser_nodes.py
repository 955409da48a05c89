"""The parser builds its commonest nodes without calling their class (a bare instance whose fields it
sets one by one, for speed): every node it returns must still be exactly what the class would build,
with every field set, including those the resolver fills in later."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from mlpy.language import nodes as n
from mlpy.language import parse

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

SOURCE = """x = 1; y = 2.5; s = "a\\tb" + 'c';
f = fn(a, b: int) => a * -b ** 2 + (a > b ? a : b);
items = [1, "two", null, true, {k: v, "q": [x]}];
o.m(1)[2] = items[1:2:3];
function g(n) { if (n < 2 && !done) { return n; } elif (n == 2) { return 1; } else { return g(n - 1); } }
for (i in range(3)) { total += i; }
while (x) { x -= 1; break; }
try { throw err; } except (e: ValueError) { log(e); } finally { close(); }
"""


def walk(value: object) -> Iterator[n.Node]:
    """Every node in ``value`` (a node, a list of nodes, or a leaf)."""
    if isinstance(value, list):
        for item in value:
            yield from walk(item)
    elif isinstance(value, n.Node):
        yield value
        for field in dataclasses.fields(value):
            yield from walk(getattr(value, field.name))


def rebuilt(node: n.Node) -> n.Node:
    """``node`` built again by calling its class with its constructor fields."""
    fields = {f.name: getattr(node, f.name) for f in dataclasses.fields(node) if f.init}
    return type(node)(**fields)


@pytest.mark.parametrize(
    "source",
    [SOURCE, *sorted(p.read_text() for p in EXAMPLES.rglob("*.ml"))[:20]],
)
def test_every_node_equals_what_its_class_builds(source: str) -> None:
    checked = 0
    for node in walk(parse(source)):
        again = rebuilt(node)
        for field in dataclasses.fields(node):  # compare=False fields too: all set, all at their defaults
            assert getattr(node, field.name) == getattr(again, field.name), (type(node).__name__, field.name)
        checked += 1
    assert checked > 0


def test_names_and_literals_from_the_fast_path() -> None:
    program = parse('a = b + 1 + "s";')
    assign = program.body[0]
    assert isinstance(assign, n.Assign)
    assert assign.target == n.Name(1, 1, "a")
    total = assign.value
    assert isinstance(total, n.Binary)
    assert total.right == n.String(1, 13, "s")
    assert total.left == n.Binary(1, 5, "+", n.Name(1, 5, "b"), n.Number(1, 9, 1))
    name = assign.target
    assert (name.kind, name.builtin, name.returns_no_sequence) == (None, False, False)


def test_statements_members_indexes_and_logicals_from_the_fast_path() -> None:
    """``ExprStmt``, ``Member``, ``Index`` and ``Logical`` are built bare too: every field, and the
    member name's own position, as the class would set them."""
    program = parse("o.name[i] && ok || x;")
    stmt = program.body[0]
    assert type(stmt) is n.ExprStmt and (stmt.line, stmt.col) == (1, 1)
    either = stmt.expr
    assert type(either) is n.Logical and (either.line, either.col, either.op) == (1, 1, "||")
    assert either.right == n.Name(1, 20, "x")
    both = either.left
    assert type(both) is n.Logical and (both.line, both.col, both.op) == (1, 1, "&&")
    assert both.right == n.Name(1, 14, "ok")
    index = both.left
    assert index == n.Index(1, 1, n.Member(1, 1, n.Name(1, 1, "o"), "name", 1, 3), n.Name(1, 8, "i"))
    member = index.obj
    assert isinstance(member, n.Member)
    assert (member.name_line, member.name_col) == (1, 3)
