"""Expressions: the precedence table (asserted as tree shapes), postfix forms, literals,
arrow functions and their body disambiguation."""

from __future__ import annotations

import pytest

from mlpy.language import nodes as n
from mlpy.language import parse


def shape(e: object) -> object:
    """A compact, comparable rendering of an expression tree."""
    if isinstance(e, (n.Number, n.String)):
        return e.value
    if isinstance(e, n.Name):
        return e.id
    if isinstance(e, n.Bool):
        return "true" if e.value else "false"
    if isinstance(e, n.Null):
        return "null"
    if isinstance(e, (n.Binary, n.Logical)):
        return (e.op, shape(e.left), shape(e.right))
    if isinstance(e, n.Unary):
        return (e.op, shape(e.operand))
    if isinstance(e, n.Ternary):
        return ("?", shape(e.cond), shape(e.then), shape(e.otherwise))
    if isinstance(e, n.Call):
        return ("call", shape(e.func), *[shape(a) for a in e.args])
    if isinstance(e, n.Member):
        return (".", shape(e.obj), e.name)
    if isinstance(e, n.Index):
        return ("[]", shape(e.obj), shape(e.index))
    if isinstance(e, n.Slice):
        return ("[:]", shape(e.obj), shape(e.start), shape(e.stop), shape(e.step))
    if isinstance(e, n.Array):
        return ["array", *[shape(i) for i in e.items]]
    if isinstance(e, n.Object):
        return {ent.key: shape(ent.value) for ent in e.entries}
    if isinstance(e, n.ArrowFunction):
        body = [type(s).__name__ for s in e.body] if isinstance(e.body, list) else shape(e.body)
        return ("fn", tuple(p.name for p in e.params), body)
    if e is None:
        return None
    raise AssertionError(f"no shape for {e!r}")


def expr(source: str) -> object:
    """Shape of the single expression statement ``source;``."""
    program = parse(source + ";")
    assert len(program.body) == 1
    stmt = program.body[0]
    assert isinstance(stmt, n.ExprStmt)
    return shape(stmt.expr)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("1 + 2 * 3", ("+", 1, ("*", 2, 3))),
        ("1 * 2 + 3", ("+", ("*", 1, 2), 3)),
        ("a - b - c", ("-", ("-", "a", "b"), "c")),
        ("a / b // c % d", ("%", ("//", ("/", "a", "b"), "c"), "d")),
        ("2 ** 3 ** 2", ("**", 2, ("**", 3, 2))),
        ("-2 ** 2", ("-", ("**", 2, 2))),
        ("2 ** -1", ("**", 2, ("-", 1))),
        ("!a ** b", ("!", ("**", "a", "b"))),
        ("a.b ** c[0]", ("**", (".", "a", "b"), ("[]", "c", 0))),
        ("-a * b", ("*", ("-", "a"), "b")),
        ("!!a", ("!", ("!", "a"))),
        ("!a == b", ("==", ("!", "a"), "b")),
        ("!a.b", ("!", (".", "a", "b"))),
        ("a ** b ** -c", ("**", "a", ("**", "b", ("-", "c")))),
        ("-a ** -b", ("-", ("**", "a", ("-", "b")))),
        ("f(x) ** 2", ("**", ("call", "f", "x"), 2)),
        ("- -a", ("-", ("-", "a"))),
        ("a + b < c - d", ("<", ("+", "a", "b"), ("-", "c", "d"))),
        ("a < b == c > d", ("==", ("<", "a", "b"), (">", "c", "d"))),
        ("a < b < c", ("<", ("<", "a", "b"), "c")),
        ("a == b == c", ("==", ("==", "a", "b"), "c")),
        ("a <= b != c >= d", ("!=", ("<=", "a", "b"), (">=", "c", "d"))),
        ("a == b && c != d", ("&&", ("==", "a", "b"), ("!=", "c", "d"))),
        ("a || b && c", ("||", "a", ("&&", "b", "c"))),
        ("a && b || c && d", ("||", ("&&", "a", "b"), ("&&", "c", "d"))),
        ("a || b ? c : d", ("?", ("||", "a", "b"), "c", "d")),
        ("a ? b : c ? d : e", ("?", "a", "b", ("?", "c", "d", "e"))),
        ("a ? b ? c : d : e", ("?", "a", ("?", "b", "c", "d"), "e")),
        ("(c ? 1 : 2) + 10", ("+", ("?", "c", 1, 2), 10)),
        ("!(c ? true : false)", ("!", ("?", "c", "true", "false"))),
        ("-(c ? 1 : 2)", ("-", ("?", "c", 1, 2))),
        ("(1 + 2) * 3", ("*", ("+", 1, 2), 3)),
        ("((a))", "a"),
        ('"s" + (1 + 2)', ("+", "s", ("+", 1, 2))),
    ],
)
def test_precedence(source: str, expected: object) -> None:
    assert expr(source) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("f(1)(2)", ("call", ("call", "f", 1), 2)),
        ("a[0](x)", ("call", ("[]", "a", 0), "x")),
        ("obj.handlers[k](e)", ("call", ("[]", (".", "obj", "handlers"), "k"), "e")),
        ("o.m(1, 2,)", ("call", (".", "o", "m"), 1, 2)),
        ("f()", ("call", "f")),
        ("o.while.if.null", (".", (".", (".", "o", "while"), "if"), "null")),
        ("a[1:2]", ("[:]", "a", 1, 2, None)),
        ("a[:]", ("[:]", "a", None, None, None)),
        ("a[::2]", ("[:]", "a", None, None, 2)),
        ("a[1:]", ("[:]", "a", 1, None, None)),
        ("a[:-1]", ("[:]", "a", None, ("-", 1), None)),
        ("a[1::-1]", ("[:]", "a", 1, None, ("-", 1))),
        ("a[x+1:y:z]", ("[:]", "a", ("+", "x", 1), "y", "z")),
        ("a[i][j]", ("[]", ("[]", "a", "i"), "j")),
        ("[1, 2].length", (".", ["array", 1, 2], "length")),
        ('"ab".upper()', ("call", (".", "ab", "upper"))),
    ],
)
def test_postfix(source: str, expected: object) -> None:
    assert expr(source) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("[]", ["array"]),
        ("[1, [2], 'x',]", ["array", 1, ["array", 2], "x"]),
        ('x = {a: 1, "b c": 2, if: 3, null: 4,}', None),
        ("true", "true"),
        ("false", "false"),
        ("null", "null"),
        ("undefined", "null"),
    ],
)
def test_literals(source: str, expected: object) -> None:
    if expected is None:
        stmt = parse(source + ";").body[0]
        assert isinstance(stmt, n.Assign)
        assert shape(stmt.value) == {"a": 1, "b c": 2, "if": 3, "null": 4}
    else:
        assert expr(source) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("fn(x) => x ? 1 : 2", ("fn", ("x",), ("?", "x", 1, 2))),
        ("fn(a, b) => a + b * 2", ("fn", ("a", "b"), ("+", "a", ("*", "b", 2)))),
        ("fn() => {}", ("fn", (), {})),
        ("fn(x) => {a: x}", ("fn", ("x",), {"a": "x"})),
        ('fn(x) => {"k": x, if: 1}', ("fn", ("x",), {"k": "x", "if": 1})),
        ("fn(x) => { return x; }", ("fn", ("x",), ["Return"])),
        ("fn(x) => { x; y = 1; }", ("fn", ("x",), ["ExprStmt", "Assign"])),
        ("fn(x) => fn(y) => x + y", ("fn", ("x",), ("fn", ("y",), ("+", "x", "y")))),
        ("c ? fn(x) => 1 : fn(y) => 2", ("?", "c", ("fn", ("x",), 1), ("fn", ("y",), 2))),
        ("map(xs, fn(x) => x * 2)", ("call", "map", "xs", ("fn", ("x",), ("*", "x", 2)))),
        ("fn(x) => x(1)", ("fn", ("x",), ("call", "x", 1))),
        ("1 + fn(x) => x + 1", ("+", 1, ("fn", ("x",), ("+", "x", 1)))),
        ("{a: c ? 1 : 2, b: fn() => {}}", {"a": ("?", "c", 1, 2), "b": ("fn", (), {})}),
    ],
)
def test_arrow_functions(source: str, expected: object) -> None:
    assert expr(source) == expected


def test_arrow_params_annotations() -> None:
    arrow = parse("f = fn(a: number, b) => a;").body[0].value  # type: ignore[attr-defined]
    assert [(p.name, p.annotation) for p in arrow.params] == [("a", "number"), ("b", None)]


def test_arrow_block_allows_return_and_resets_loops() -> None:
    program = parse("while (x) { f = fn() => { while (y) { break; } return 1; }; }")
    body = program.body[0].body[0].value.body  # type: ignore[attr-defined]
    assert [type(s).__name__ for s in body] == ["While", "Return"]


def test_expression_positions() -> None:
    stmt = parse("x = 1;\ny = a.bc + -f(2)[0];").body[1]
    assert isinstance(stmt, n.Assign)
    plus = stmt.value
    assert isinstance(plus, n.Binary)
    assert (plus.line, plus.col) == (2, 5)
    member = plus.left
    assert isinstance(member, n.Member)
    assert (member.line, member.col, member.name_line, member.name_col) == (2, 5, 2, 7)
    neg = plus.right
    assert isinstance(neg, n.Unary)
    assert (neg.line, neg.col) == (2, 12)
    index = neg.operand
    assert isinstance(index, n.Index)
    assert (index.line, index.col) == (2, 13)
    call = index.obj
    assert isinstance(call, n.Call)
    assert (call.line, call.col) == (2, 13)
    assert (call.args[0].line, call.args[0].col) == (2, 15)


def test_member_name_on_next_line() -> None:
    member = parse("a\n  .b;").body[0].expr  # type: ignore[attr-defined]
    assert (member.line, member.col, member.name_line, member.name_col) == (1, 1, 2, 4)


def test_parenthesised_expression_keeps_inner_position() -> None:
    e = parse("x = ( a + b );").body[0].value  # type: ignore[attr-defined]
    assert isinstance(e, n.Binary)
    assert (e.line, e.col) == (1, 7)


def test_object_and_arrow_positions() -> None:
    e = parse('o = {k: 1,\n "s": fn(z) => z};').body[0].value  # type: ignore[attr-defined]
    assert (e.line, e.col) == (1, 5)
    assert [(x.key, x.line, x.col) for x in e.entries] == [("k", 1, 6), ("s", 2, 2)]
    arrow = e.entries[1].value
    assert (arrow.line, arrow.col) == (2, 7)
    assert (arrow.params[0].line, arrow.params[0].col) == (2, 10)
