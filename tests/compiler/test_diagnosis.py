"""``diagnose``: every compile-time problem of a program as a list of ``Diagnostic`` records."""

from __future__ import annotations

from mlpy.compiler import CompileOptions, diagnose, diagnose_source
from mlpy.errors import MLImportError
from mlpy.language import nodes, parse

SOURCE = """x = 1;
print(y);
o = x["__dict__"];
z = prnt(x);
eval = 3;
function g() { nonlocal zz; }
"""


def test_all_problems_come_back_in_source_order_with_positions():
    found = diagnose_source(SOURCE, "p.ml")
    assert [(d.line, d.column, d.end_column, d.severity, d.code) for d in found] == [
        (2, 7, 8, "error", "unknown-name"),
        (3, 7, 17, "warning", "dunder-subscript"),
        (4, 5, 9, "error", "unknown-name"),
        (5, 1, 5, "warning", "shadows-python-name"),
        (6, 25, 27, "error", "nonlocal-without-binding"),
    ]
    assert all(d.filename == "p.ml" for d in found)


def test_unknown_name_has_did_you_mean_hint():
    (unknown,) = [d for d in diagnose_source("prnt(1);", "p.ml") if d.code == "unknown-name"]
    assert unknown.message == "Unknown identifier 'prnt'"
    assert unknown.hint == "did you mean 'print'?"
    assert unknown.kind == "NameError"


def test_forbidden_python_name_hint_says_why():
    (found,) = diagnose_source("x = open;", "p.ml")
    assert "escape the sandbox" in (found.hint or "")


def test_import_problems_are_collected_not_raised():
    def checker(path: list[str], stmt: nodes.Import) -> None:
        if path[0] == "nosuch":
            raise MLImportError(f"no module named '{path[0]}'", "p.ml", stmt.line, stmt.col)

    source = "import math;\nimport nosuch;\nimport nosuch.deep;\n"
    found = diagnose(parse(source, "p.ml"), "p.ml", source, CompileOptions(import_checker=checker))
    assert [(d.line, d.code, d.end_column) for d in found] == [
        (2, "import-error", 1 + len("import nosuch")),
        (3, "import-error", 1 + len("import nosuch.deep")),
    ]
    assert found[0].message == "no module named 'nosuch'"


def test_dangerous_capability_request_is_a_warning():
    source = 'capability Sync {\n  allow write "out/";\n}\n'
    (found,) = diagnose_source(source, "p.ml")
    assert (found.line, found.severity, found.code) == (2, "warning", "dangerous-capability")


def test_syntax_error_is_one_diagnostic():
    (found,) = diagnose_source("x = (1;\n", "p.ml")
    assert found.code == "syntax-error"
    assert found.line == 1


def test_clean_program_has_no_diagnostics_and_known_globals_count():
    assert diagnose_source("function f(a) { return a + 1; }\nprint(f(2));", "p.ml") == []
    assert diagnose_source("print(session_var);", "p.ml",
                           CompileOptions(repl=True, known_globals=frozenset({"session_var"}))) == []


def test_too_deep_nesting_found_by_pythons_compiler_is_reported():
    source = "x = 1;\n" + "while (x) {\n" * 25 + "print(x);\n" + "}\n" * 25
    (found,) = diagnose_source(source, "p.ml")
    assert found.code == "cannot-compile"
    assert "nested" in found.message


def test_diagnostic_turns_back_into_an_error_with_its_source_line():
    (found,) = diagnose_source("x = 1;\nprint(y);", "p.ml")
    error = found.to_error("x = 1;\nprint(y);")
    assert error.format().splitlines()[:3] == ["p.ml:2:7: NameError: Unknown identifier 'y'",
                                               "    print(y);", "          ^"]
