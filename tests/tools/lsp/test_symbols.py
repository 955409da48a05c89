"""The symbol table: bindings, scopes, references and member chains, straight from the AST."""

from __future__ import annotations

from mlpy.language import parse
from mlpy.tools.lsp.symbols import SymbolTable, build_symbol_table


def table_of(source: str) -> SymbolTable:
    return build_symbol_table(parse(source, "t.ml"), source)


def spots(table: SymbolTable, line: int, col: int) -> list[tuple[int, int, bool]]:
    symbol = table.symbol_at(line, col)
    assert symbol is not None
    return [(o.line, o.col, o.is_definition) for o in table.references(symbol)]


def test_function_locals_shadow_globals_and_parameters_are_local() -> None:
    table = table_of("x = 1;\nfunction f(x) {\n    y = x;\n    return y;\n}\nprint(x);\n")
    assert spots(table, 1, 1) == [(1, 1, True), (6, 7, False)]
    assert spots(table, 3, 9) == [(2, 12, True), (3, 9, False)]
    assert spots(table, 4, 12) == [(3, 5, True), (4, 12, False)]
    assert set(table.visible(3, 5)) == {"x", "y", "f"}
    assert table.visible(3, 5)["x"].kind == "parameter"
    assert set(table.visible(6, 1)) == {"x", "f"}


def test_nonlocal_rebinds_the_enclosing_variable() -> None:
    source = "function outer() {\n    n = 0;\n    inc = fn() => { nonlocal n; n = n + 1; };\n    return n;\n}\n"
    table = table_of(source)
    n_refs = spots(table, 2, 5)
    assert (3, 33, True) in n_refs and (3, 37, False) in n_refs and (4, 12, False) in n_refs
    arrow = table.scope_at(3, 30)
    assert arrow.kind == "function" and "n" not in arrow.symbols


def test_a_name_bound_later_in_a_function_is_local_for_the_whole_function() -> None:
    table = table_of("total = 0;\nfunction f() {\n    print(total);\n    total = 1;\n}\n")
    assert spots(table, 3, 11) == [(3, 11, False), (4, 5, True)]


def test_loop_destructuring_and_except_names_are_bound() -> None:
    source = ("for (item in [1]) { print(item); }\n[a, b] = [1, 2];\n{c} = {c: 3};\n"
              "try { throw 1; } except (err) { print(err); }\n")
    table = table_of(source)
    assert set(table.module.symbols) == {"item", "a", "b", "c", "err"}
    assert spots(table, 4, 39) == [(4, 26, True), (4, 39, False)]


def test_imports_bind_their_first_name_or_alias_with_positions() -> None:
    table = table_of("import math;\nimport a.b.c;\nimport x.y as z;\nprint(math.pi, a.b.c.f, z.g);\n")
    math, first, alias = (table.module.symbols[name] for name in ("math", "a", "z"))
    assert (math.line, math.col, math.import_path) == (1, 8, ("math",))
    assert first.import_path == ("a",) and first.full_import == ("a", "b", "c")
    assert (alias.line, alias.col, alias.import_path) == (3, 15, ("x", "y"))
    assert [(p.name, p.col) for p in table.imports[1].parts] == [("a", 8), ("b", 10), ("c", 12)]
    chains = [[(p.name, p.col) for p in chain.parts] for chain in table.chains]
    assert chains == [[("math", 7), ("pi", 12)], [("a", 16), ("b", 18), ("c", 20), ("f", 22)],
                      [("z", 25), ("g", 27)]]
    assert table.chain_at(4, 13) is not None and table.chain_at(4, 13)[1] == 1


def test_function_symbols_carry_signature_doc_and_body_scope() -> None:
    source = "// Adds two numbers.\n// Both must be numbers.\nfunction add(a, b: number) {\n    return a + b;\n}\nz = 1;\n"
    table = table_of(source)
    add = table.module.symbols["add"]
    assert add.signature == "add(a, b: number)"
    assert add.doc == "Adds two numbers.\nBoth must be numbers."
    assert (add.line, add.col, add.end) == (3, 10, (6, 1))
    assert add.body is not None and list(add.body.symbols) == ["a", "b"]


def test_unknown_and_builtin_names_have_no_symbol() -> None:
    table = table_of("print(nothing);\n")
    assert [(o.name, o.symbol) for o in table.occurrences] == [("print", None), ("nothing", None)]


def test_capability_declarations_are_listed() -> None:
    table = table_of('capability Files {\n    allow read "data/*";\n}\n')
    assert [(c.name, c.kind, c.line, c.col) for c in table.capabilities] == [("Files", "capability", 1, 12)]
