"""Statements: every statement form, with their fields and positions."""

from __future__ import annotations

from mlpy.language import nodes as n
from mlpy.language import parse


def one(source: str) -> n.Stmt:
    """The single statement of ``source``."""
    program = parse(source)
    assert len(program.body) == 1, program.body
    return program.body[0]


def test_program_node() -> None:
    program = parse("x = 1;", "prog.ml")
    assert (program.line, program.col, program.filename) == (1, 1, "prog.ml")
    assert parse("").body == []
    assert parse("  // only a comment\n/* and this */").body == []


def test_assignments() -> None:
    assert one("x = 1;") == n.Assign(1, 1, n.Name(1, 1, "x"), n.Number(1, 5, 1))
    s = one("a[i] = 2;")
    assert isinstance(s, n.Assign) and isinstance(s.target, n.Index)
    s = one("a[1:2] = [];")
    assert isinstance(s, n.Assign) and isinstance(s.target, n.Slice)
    s = one("o.k = 3;")
    assert isinstance(s, n.Assign) and isinstance(s.target, n.Member) and s.target.name == "k"
    s = one("o.a.b[0].c = 3;")
    assert isinstance(s, n.Assign) and isinstance(s.target, n.Member) and s.target.name == "c"


def test_augmented_assignments() -> None:
    ops = []
    for op in ["+", "-", "*", "/", "//", "%"]:
        s = one(f"x {op}= 2;")
        assert isinstance(s, n.AugAssign)
        assert s.target == n.Name(1, 1, "x")
        ops.append(s.op)
    assert ops == ["+", "-", "*", "/", "//", "%"]
    s = one('o.k += "lit";')
    assert isinstance(s, n.AugAssign) and isinstance(s.target, n.Member) and s.value == n.String(1, 8, "lit")


def test_destructuring() -> None:
    s = one("[a, b] = pair;")
    assert s == n.ArrayDestructure(1, 1, [n.Name(1, 2, "a"), n.Name(1, 5, "b")], n.Name(1, 10, "pair"))
    s = one("{a, b} = obj;")
    assert s == n.ObjectDestructure(1, 1, [n.Name(1, 2, "a"), n.Name(1, 5, "b")], n.Name(1, 10, "obj"))
    s = one("{a,} = f();")
    assert isinstance(s, n.ObjectDestructure) and [t.id for t in s.targets] == ["a"]


def test_expression_statement() -> None:
    s = one("print(1);")
    assert isinstance(s, n.ExprStmt) and isinstance(s.expr, n.Call)
    s = one("[1, 2].length;")
    assert isinstance(s, n.ExprStmt) and isinstance(s.expr, n.Member)


def test_if_elif_else() -> None:
    s = one("if (a) { x = 1; } elif (b) { x = 2; } elif (c) { } else { x = 3; }")
    assert isinstance(s, n.If)
    assert [(b.line, b.col, b.cond.id) for b in s.branches] == [(1, 1, "a"), (1, 19, "b"), (1, 39, "c")]  # type: ignore[attr-defined]
    assert [len(b.body) for b in s.branches] == [1, 1, 0]
    assert s.orelse is not None and len(s.orelse) == 1
    plain = one("if (a) { }")
    assert isinstance(plain, n.If) and plain.orelse is None


def test_while_and_for() -> None:
    s = one("while (i < 3) { i += 1; break; continue; }")
    assert isinstance(s, n.While)
    assert [type(x).__name__ for x in s.body] == ["AugAssign", "Break", "Continue"]
    s = one("for (ch in \"abc\") { print(ch); }")
    assert isinstance(s, n.For)
    assert s.target == n.Name(1, 6, "ch") and s.iterable == n.String(1, 12, "abc")
    assert len(s.body) == 1


def test_break_in_nested_block_of_loop() -> None:
    s = one("for (x in xs) { if (x) { break; } }")
    inner = s.body[0].branches[0].body[0]  # type: ignore[attr-defined]
    assert inner == n.Break(1, 26)


def test_function_definitions() -> None:
    s = one("function add(a, b: number, c: list[int]) {\n  return a + b;\n}")
    assert isinstance(s, n.FunctionDef)
    assert (s.name, s.line, s.col, s.name_col) == ("add", 1, 1, 10)
    assert [(p.name, p.annotation, p.col) for p in s.params] == [
        ("a", None, 14), ("b", "number", 17), ("c", "list[int]", 28)]
    assert s.body == [n.Return(2, 3, n.Binary(2, 10, "+", n.Name(2, 10, "a"), n.Name(2, 14, "b")))]
    nested = one("function f() { function g() { return; } return g; }")
    assert isinstance(nested, n.FunctionDef)
    assert isinstance(nested.body[0], n.FunctionDef) and nested.body[0].body == [n.Return(1, 31, None)]


def test_python_keywords_are_legal_names() -> None:
    s = one("function lambda(class, def) { pass = class; }")
    assert isinstance(s, n.FunctionDef) and [p.name for p in s.params] == ["class", "def"]


def test_nonlocal_and_throw() -> None:
    s = one("function f() { nonlocal a, b; throw {message: \"m\"}; }")
    assert isinstance(s, n.FunctionDef)
    assert s.body[0] == n.Nonlocal(1, 16, [n.Name(1, 25, "a"), n.Name(1, 28, "b")])
    throw = s.body[1]
    assert isinstance(throw, n.Throw) and isinstance(throw.value, n.Object)
    assert one("nonlocal x;") == n.Nonlocal(1, 1, [n.Name(1, 10, "x")])


def test_try_forms() -> None:
    s = one("try { a(); } except { b(); }")
    assert isinstance(s, n.Try)
    assert [(h.name, h.error_type) for h in s.handlers] == [(None, None)] and s.finalbody is None
    s = one("try { } except (e: TypeError) { } except (e: KeyError) { } except (err) { } finally { z(); }")
    assert isinstance(s, n.Try)
    assert [(h.name, h.error_type, h.col) for h in s.handlers] == [
        ("e", "TypeError", 9), ("e", "KeyError", 35), ("err", None, 60)]
    assert s.finalbody is not None and len(s.finalbody) == 1
    s = one("try { } finally { }")
    assert isinstance(s, n.Try) and s.handlers == [] and s.finalbody == []


def test_imports() -> None:
    assert one("import math;") == n.Import(1, 1, ["math"], None)
    assert one("import a.b.c;") == n.Import(1, 1, ["a", "b", "c"], None)
    assert one("import a.b.c as m;") == n.Import(1, 1, ["a", "b", "c"], "m")


def test_capability() -> None:
    s = one('capability Files {\n  resource "data/*.csv";\n  allow read "/data";\n  allow net "a.com", "b.com";\n}')
    assert isinstance(s, n.CapabilityDecl)
    assert s.name == "Files"
    assert s.items == [
        n.CapabilityItem(2, 3, "resource", [], ["data/*.csv"]),
        n.CapabilityItem(3, 3, "allow", ["read"], ["/data"]),
        n.CapabilityItem(4, 3, "allow", ["net"], ["a.com", "b.com"]),
    ]


def test_capability_words_are_plain_names_elsewhere() -> None:
    s = one("read = resource + allow;")
    assert isinstance(s, n.Assign) and s.target == n.Name(1, 1, "read")


def test_stray_semicolons_after_blocks_are_tolerated() -> None:
    program = parse("if (a) { };\nfunction f() { };;\nx = 1;")
    assert [type(s).__name__ for s in program.body] == ["If", "FunctionDef", "Assign"]


def test_statement_positions_across_lines() -> None:
    program = parse("x = 1;\n\n    while (x) {\n\ty = 2;\n    }\n")
    assert [(s.line, s.col) for s in program.body] == [(1, 1), (3, 5)]
    inner = program.body[1].body[0]  # type: ignore[attr-defined]
    assert (inner.line, inner.col) == (4, 2)
