"""``mlpy check`` and ``mlpy.tools.check``: every problem of a file, as text, JSON lines and SARIF."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
from click.testing import Result

from mlpy.tools.check import check_source, report_text
from mlpy.tools.sarif import sarif_log

FIVE_PROBLEMS = (
    "total = 0;\n"          # 1
    "x = 1 +;\n"            # 2  syntax error
    "function f(a) {\n"     # 3
    "    y = a * ;\n"       # 4  syntax error
    "    return a + qq;\n"  # 5  unknown name
    "}\n"                   # 6
    "z = [1, 2;\n"          # 7  syntax error
    "print(total, f(2), zz);\n"  # 8  unknown name
)
SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"


def test_three_syntax_errors_and_two_unknown_names_are_all_reported() -> None:
    report = check_source(FIVE_PROBLEMS, "five.ml")
    found = [(d.line, d.column, d.end_column, d.code, d.message) for d in report.errors]
    assert found == [
        (2, 8, 9, "syntax-error", "unexpected ';'"),
        (4, 13, 14, "syntax-error", "unexpected ';'"),
        (5, 16, 18, "unknown-name", "Unknown identifier 'qq'"),
        (7, 10, 11, "syntax-error", "expected ']' to close '[' opened at line 7"),
        (8, 20, 22, "unknown-name", "Unknown identifier 'zz'"),
    ]
    assert report.warnings == [] and not report.ok


def test_names_defined_in_a_broken_statement_are_not_unknown() -> None:
    report = check_source("data = load(1 +);\nprint(data);\nprint(missing);\n", "t.ml")
    assert [(d.line, d.code) for d in report.errors] == [(1, "syntax-error"), (3, "unknown-name")]


def test_clean_program_is_ok_and_has_no_false_positives() -> None:
    report = check_source('open_count = 3;\nnote = "never eval(x)";\nprint(open_count, note);\n', "ok.ml")
    assert report.ok and report.diagnostics == []
    assert report_text(report) == "ok.ml: ok"


def test_security_findings_imports_and_hints(tmp_path: Path) -> None:
    source = 'import maht;\nx = {};\nprint(x["__class__"], eval(1));\ny = x.__dict__;\n'
    report = check_source(source, str(tmp_path / "s.ml"))
    by_code = {d.code: d for d in report.diagnostics}
    assert by_code["import-error"].message == "No module named 'maht'. Did you mean 'math'?"
    assert by_code["unknown-name"].hint == "'eval' is not available in ML: it would let a program escape the sandbox"
    assert (by_code["syntax-error"].line, by_code["syntax-error"].message) == (
        4, "identifiers beginning with '__' are reserved")
    assert by_code["dunder-subscript"].severity == "warning"


def test_capability_requests_are_structured() -> None:
    source = ('capability Net {\n    allow net "api.example.com:443";\n    allow env "HOME";\n}\n'
              'capability Weird {\n    allow teleport;\n}\nprint(1);\n')
    report = check_source(source, "c.ml")
    requests = [(r.kind, r.resource, r.line) for r in report.capability_requests]
    assert requests == [("net", "api.example.com:443", 2), ("env", "HOME", 3), (None, None, 6)]
    assert report.capability_requests[0].flag == "--allow-net=api.example.com:443"


def test_text_output_shows_source_marker_and_hint() -> None:
    text = report_text(check_source("count = 1;\nprint(coutn);\n", "t.ml"))
    assert text.splitlines() == [
        "t.ml:2:7: error: Unknown identifier 'coutn' [unknown-name]",
        "    print(coutn);",
        "          ^^^^^",
        "    hint: did you mean 'count'?",
        "t.ml: 1 error(s), 0 warning(s)",
    ]


def test_cli_checks_folders_recursively_and_exits_1(mlpy: Callable[..., Result], tmp_path: Path) -> None:
    (tmp_path / "pkg" / "deep").mkdir(parents=True)
    (tmp_path / "pkg" / "good.ml").write_text("print(1);\n")
    (tmp_path / "pkg" / "deep" / "bad.ml").write_text(FIVE_PROBLEMS)
    (tmp_path / "pkg" / "notes.txt").write_text("not ML\n")
    result = mlpy("check", "pkg", cwd=tmp_path)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "pkg/deep/bad.ml:2:8: error: unexpected ';' [syntax-error]"
    assert "pkg/deep/bad.ml: 5 error(s), 0 warning(s)" in lines
    assert lines[-2:] == ["pkg/good.ml: ok", "checked 2 files: 5 error(s) and 0 warning(s) in 1 file(s)"]
    assert mlpy("check", "pkg/good.ml", cwd=tmp_path).exit_code == 0


def test_cli_json_is_one_object_per_file(mlpy: Callable[..., Result], tmp_path: Path) -> None:
    (tmp_path / "a.ml").write_text(FIVE_PROBLEMS)
    (tmp_path / "b.ml").write_text('capability F {\n    allow read "data";\n}\nprint(1);\n')
    result = mlpy("check", "--format", "json", "a.ml", "b.ml", cwd=tmp_path)
    assert result.exit_code == 1
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    schema = json.loads((SCHEMA.parent / "check-report.schema.json").read_text())
    for report in (first, second):
        jsonschema.validate(report, schema, format_checker=jsonschema.FormatChecker())
    assert (first["file"], first["ok"], len(first["errors"]), first["warnings"]) == ("a.ml", False, 5, [])
    assert set(first["errors"][0]) >= {"line", "column", "end_line", "end_column", "code", "message", "hint"}
    assert first["errors"][4] == {
        "line": 8, "column": 20, "end_line": 8, "end_column": 22, "code": "unknown-name",
        "severity": "error", "kind": "NameError", "message": "Unknown identifier 'zz'", "hint": None,
    }
    assert second["ok"] is True
    request = second["capability_requests"][0]
    assert (request["kind"], request["line"]) == ("read", 2)
    assert request["resource"] == str((tmp_path / "data").resolve())


def test_sarif_validates_against_the_official_schema(mlpy: Callable[..., Result], tmp_path: Path) -> None:
    (tmp_path / "a.ml").write_text(FIVE_PROBLEMS)
    (tmp_path / "b.ml").write_text('x = {};\nprint(x["__proto__"]);\n')
    result = mlpy("check", "--format", "sarif", "a.ml", "b.ml", cwd=tmp_path)
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    jsonschema.validate(log, json.loads(SCHEMA.read_text()))
    run = log["runs"][0]
    assert [a["location"]["uri"] for a in run["artifacts"]] == ["a.ml", "b.ml"]
    assert [(r["ruleId"], r["level"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
            for r in run["results"]] == [
        ("syntax-error", "error", 2), ("syntax-error", "error", 4), ("unknown-name", "error", 5),
        ("syntax-error", "error", 7), ("unknown-name", "error", 8), ("dunder-subscript", "warning", 2)]
    rules = run["tool"]["driver"]["rules"]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in run["results"])


def test_sarif_schema_rejects_a_broken_log() -> None:
    """The vendored schema really constrains: a result without a message is invalid."""
    log = sarif_log([check_source("print(zz);\n", "t.ml")])
    del log["runs"][0]["results"][0]["message"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(log, json.loads(SCHEMA.read_text()))


def test_unreadable_file_is_an_error(mlpy: Callable[..., Result], tmp_path: Path) -> None:
    (tmp_path / "bin.ml").write_bytes(b"\xff\xfe\x00x")
    result = mlpy("check", "--format", "json", "bin.ml", cwd=tmp_path)
    assert result.exit_code == 1
    assert json.loads(result.stdout)["errors"][0]["code"] == "io-error"


def test_import_cycles_are_errors_and_diamonds_are_not(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "a.ml").write_text("import lib.b;\nA = 1;\n")
    (tmp_path / "lib" / "b.ml").write_text("import lib.a;\nB = 2;\n")
    (tmp_path / "lib" / "left.ml").write_text("import lib.base;\nL = 1;\n")
    (tmp_path / "lib" / "right.ml").write_text("import lib.base;\nR = 1;\n")
    (tmp_path / "lib" / "base.ml").write_text("X = 0;\n")
    main = tmp_path / "main.ml"
    main.write_text("import lib.left;\nimport lib.right;\nimport lib.a;\nprint(lib.left.L);\n")
    report = check_source(main.read_text(), str(main))
    assert [(d.line, d.code, d.message) for d in report.diagnostics] == [
        (3, "import-error", "import cycle: a.ml -> b.ml -> a.ml")]


def test_check_never_runs_the_program_or_its_extension_modules(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    """Linting untrusted code (CI, the editor) must not execute it: neither the ML top level nor the
    Python body of an extension module it imports."""
    ext = tmp_path / "ext"
    ext.mkdir()
    marker = tmp_path / "executed.txt"
    (ext / "spy_bridge.py").write_text(
        "from pathlib import Path\n"
        f"Path({str(marker)!r}).write_text('extension body ran')\n"
        "from mlpy.modules.decorators import ml_module, ml_function\n\n"
        "@ml_module(name='spy', description='d', capabilities=[], version='1.0.0')\n"
        "class Spy:\n"
        "    @ml_function(description='d', capabilities=[])\n"
        "    def hello(self):\n"
        "        return 1\n\n"
        "spy = Spy()\n"
    )
    (tmp_path / "lib.ml").write_text('print("module top level ran");\nX = 1;\n')
    main = tmp_path / "main.ml"
    main.write_text('import spy;\nimport lib;\nprint("program ran", spy.hello(), lib.X);\n')
    report = check_source(main.read_text(), str(main), extension_paths=[str(ext)])
    assert report.ok, report.diagnostics
    assert not marker.exists()
    assert capsys.readouterr().out == ""
    missing = check_source("import spyy;\n", str(main), extension_paths=[str(ext)])
    assert [d.message for d in missing.errors] == ["No module named 'spyy'. Did you mean 'spy'?"]
    assert not marker.exists()


def test_very_deep_expressions_are_checked_like_a_compile_accepts_them() -> None:
    source = "x = " + " + ".join(["1"] * 3000) + ";\nprint(x, y);\n"
    report = check_source(source, "deep.ml")
    assert [(d.line, d.message) for d in report.diagnostics] == [(2, "Unknown identifier 'y'")]
