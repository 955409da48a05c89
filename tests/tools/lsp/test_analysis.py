"""The editor analysis as plain functions: module index, position lookups, completion contexts,
calls, diagnostics and the LSP features on an ``Analysis`` (no server involved)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from lsp_project import MAIN_ML, position_of
from lsprotocol import types as t

from mlpy.tools.lsp import features
from mlpy.tools.lsp.analysis import analyse, diagnose, project_paths
from mlpy.tools.lsp.lookup import call_at, completion_context, target_at
from mlpy.tools.lsp.module_index import ModuleIndex


def index_for(project: Path) -> ModuleIndex:
    return ModuleIndex(*project_paths(project / "main.ml"))


def test_project_paths_come_from_mlpy_toml(project: Path) -> None:
    ext, ml = project_paths(project / "main.ml")
    assert str((project / "ext").resolve()) in ext
    assert str((project / "lib").resolve()) in ml


def test_stdlib_members_with_signatures_and_inherited_capabilities() -> None:
    math = ModuleIndex().find(["math"])
    assert math is not None and math.origin == "stdlib"
    sqrt = math.members["sqrt"]
    assert sqrt.signature == "sqrt(x: float) -> float"
    assert sqrt.capabilities == ("math.compute",)  # inherited from the module
    assert math.members["pi"].kind == "constant"
    file = ModuleIndex().find(["file"])
    assert file is not None and file.members["read"].capabilities == ("file.read",)
    assert file.members["exists"].capabilities == ()  # declares none


def test_extension_module_is_described_without_running_it(project: Path) -> None:
    greet = index_for(project).find(["greet"])
    assert greet is not None and greet.origin == "extension"
    assert greet.path == (project / "ext" / "greet_bridge.py").resolve() or greet.path.samefile(
        project / "ext" / "greet_bridge.py")
    hello = greet.members["hello"]
    assert hello.signature == "hello(name: str, punctuation: str = '!') -> str"
    assert hello.capabilities == ("greet.say",) and hello.doc == "A greeting for someone"
    assert not (project / "ext" / "executed.flag").exists()


def test_ml_module_members_and_reread_after_a_change(project: Path) -> None:
    index = index_for(project)
    util = index.find(["util"], project / "main.ml")
    assert util is not None and util.origin == "ml"
    assert set(util.members) == {"double", "limit"}
    assert (util.members["double"].line, util.members["double"].col) == (2, 10)
    util_file = project / "lib" / "util.ml"
    util_file.write_text(util_file.read_text() + "function half(x) { return x / 2; }\n")
    os.utime(util_file, ns=(1, 1))  # a different modification time, whatever the clock resolution
    reread = index.find(["util"], project / "main.ml")
    assert reread is not None and "half" in reread.members


def test_targets_at_positions(project: Path) -> None:
    analysis = analyse(MAIN_ML, str(project / "main.ml"))
    index = index_for(project)

    def at(needle: str, offset: int = 0, occurrence: int = 0) -> tuple[str, str]:
        line, col = position_of(MAIN_ML, needle, offset, occurrence)
        target = target_at(analysis, index, line + 1, col + 1)
        assert target is not None, needle
        name = (target.symbol or target.member or target.module).name  # type: ignore[union-attr]
        return target.kind, name

    assert at("sqrt") == ("member", "sqrt")
    assert at("math.sqrt") == ("symbol", "math")
    assert at("util;") == ("module", "util")
    assert at("print") == ("builtin", "print")
    assert at("factor;") == ("symbol", "factor")


def test_completion_contexts() -> None:
    assert completion_context("x = math.sq", 12).kind == "member"
    assert completion_context("x = math.sq", 12).chain == ("math",)
    assert completion_context("y = a.b.", 9).chain == ("a", "b")
    assert completion_context("import ma", 10).kind == "module"
    assert completion_context("import a.b", 11).prefix == "a"
    assert completion_context('print("math.', 13).kind == "name"  # inside a string
    assert completion_context("x = pri", 8).partial == "pri"


def test_call_at_counts_arguments_and_skips_nested_calls() -> None:
    source = 'print(math.pow(f(1, 2), "a,b", '
    site = call_at(source, 1, len(source) + 1)
    assert site is not None and site.callee == ("math", "pow") and site.argument == 2
    assert call_at("x = (1 + ", 1, 10) is None and call_at("x = [1, ", 1, 9) is None
    site = call_at("f(g(1),\n  ", 2, 3)
    assert site is not None and (site.callee, site.argument) == (("f",), 1)


def test_diagnostics_have_ranges_for_every_syntax_error() -> None:
    analysis = analyse("x = 1;\nprint(x +);\nz = ;\ny = x;\n", "t.ml")
    found = diagnose(analysis, [], [])
    assert [(d.line, d.severity) for d in found if d.code == "syntax-error" or d.kind == "SyntaxError"] == [
        (2, "error"), (3, "error")]


def test_unknown_name_diagnostic_spans_the_name() -> None:
    found = diagnose(analyse("x = 1;\nprint(missing);\n", "t.ml"), [], [])
    assert [(d.line, d.column, d.end_column) for d in found] == [(2, 7, 14)]
    assert "missing" in found[0].message


def test_rename_rejects_a_reserved_word() -> None:
    analysis = analyse("x = 1;\nprint(x);\n", "t.ml")
    try:
        features.rename(analysis, ModuleIndex(), "file:///t.ml", t.Position(0, 0), "while")
    except ValueError as error:
        assert "while" in str(error)
    else:
        raise AssertionError("renaming to a reserved word must fail")


def test_import_mlpy_and_mlpy_run_never_import_pygls(tmp_path: Path) -> None:
    program = tmp_path / "p.ml"
    program.write_text("print(1 + 1);\n")
    code = ("import sys\nfrom mlpy.cli.app import main\ntry:\n    main(['run', sys.argv[1]])\n"
            "except SystemExit:\n    pass\nprint('pygls' in sys.modules, 'lsprotocol' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code, str(program)], capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["2", "False", "False"]


def test_import_completion_lists_standard_extension_and_ml_modules(project: Path) -> None:
    analysis = analyse("import \n", str(project / "main.ml"))
    result = features.completions(analysis, index_for(project), t.Position(0, 7))
    labels = {item.label: item.detail for item in result.items}
    assert labels["math"] == "stdlib module"
    assert labels["greet"] == "extension module"
    assert labels["util"] == "ml module"


def test_hover_and_signature_help_of_a_local_function() -> None:
    source = "// Scales a number.\nfunction scale(value, factor) {\n    return value * factor;\n}\nscale(1, "
    analysis = analyse(source, "t.ml")
    shown = features.hover(analysis, ModuleIndex(), t.Position(1, 10))
    assert shown is not None and isinstance(shown.contents, t.MarkupContent)
    assert "function scale(value, factor)" in shown.contents.value
    assert "Scales a number." in shown.contents.value
    help_ = features.signature_help(analysis, ModuleIndex(), t.Position(4, 9))
    assert help_ is not None and help_.signatures[0].label == "scale(value, factor)"
    assert help_.active_parameter == 1


def test_members_of_literal_valued_variables() -> None:
    source = 'name = "ada";\nitems = [1];\npoint = {x: 1, y: 2};\nmixed = "a";\nmixed = [];\n'

    def labels(prefix: str) -> set[str]:
        text = source + prefix
        analysis = analyse(text, "t.ml")
        last = text.split("\n")[-1]
        return {i.label for i in features.completions(analysis, ModuleIndex(), t.Position(5, len(last))).items}

    assert {"upper", "split", "startswith"} <= labels("name.")
    assert "append" in labels("items.") and "upper" not in labels("items.")
    assert labels("point.") == {"x", "y"}
    assert labels("mixed.") == set()


def test_definition_of_modules_from_imports_and_uses(project: Path) -> None:
    analysis = analyse(MAIN_ML, str(project / "main.ml"))
    index = index_for(project)

    def where(needle: str, offset: int = 0, occurrence: int = 0) -> tuple[str, int]:
        line, col = position_of(MAIN_ML, needle, offset, occurrence)
        found = features.definition(analysis, index, "file:///main.ml", t.Position(line, col))
        assert len(found) == 1, needle
        return found[0].uri.rsplit("/", 1)[-1], found[0].range.start.line

    assert where("util;") == ("util.ml", 0)
    assert where("math.sqrt") == ("math_bridge.py", where("math;")[1])
    assert where("math;")[1] > 0  # the @ml_module class line of the bridge


def test_import_cycles_follow_edits_and_unchanged_modules_are_not_parsed_again(tmp_path: Path) -> None:
    from mlpy.tools.check import IMPORT_SCANS

    (tmp_path / "a.ml").write_text("import b;\nA = 1;\n")
    (tmp_path / "b.ml").write_text("B = 2;\n")
    main = tmp_path / "main.ml"

    def cycles(source: str) -> list[tuple[int, str]]:
        found = diagnose(analyse(source, str(main)), [], [])
        return [(d.line, d.message) for d in found if d.code == "import-error"]

    assert cycles("import a;\nprint(a.A);\n") == []
    parses = IMPORT_SCANS.parses
    assert cycles("import a;\nprint(a.A + 1);\n") == []  # the user typed in main: a and b are as they were
    assert IMPORT_SCANS.parses == parses
    (tmp_path / "b.ml").write_text("import a;\nB = 2;\n")
    assert cycles("import a;\nprint(a.A + 1);\n") == [(1, "import cycle: a.ml -> b.ml -> a.ml")]
    assert IMPORT_SCANS.parses == parses + 1  # only the edited b.ml
    (tmp_path / "b.ml").write_text("B = 3;\n")
    assert cycles("import a;\nprint(a.A + 1);\n") == []
