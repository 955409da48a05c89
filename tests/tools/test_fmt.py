"""``mlpy fmt`` and ``mlpy.tools.fmt``: one canonical layout, idempotent, comments kept, AST unchanged."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlpy.errors import MLSyntaxError
from mlpy.language import parse, tokenize
from mlpy.tools.fmt import FormatterError, format_source
from mlpy.tools.fmt.compare import same_program
from mlpy.tools.fmt.stream import COMMENT, items_of

ROOT = Path(__file__).resolve().parents[2]
ML_FILES = sorted(
    path for folder in ("tests", "examples", "docs", "bench") if (ROOT / folder).is_dir()
    for path in (ROOT / folder).rglob("*.ml")
)
DOC_BLOCKS = [
    (f"{path.relative_to(ROOT)}#{number}", block)
    for path in sorted((ROOT / "docs").rglob("*.md")) if (ROOT / "docs").is_dir()
    for number, block in enumerate(re.findall(r"^```ml\n(.*?)^```", path.read_text(), re.M | re.S))
]


def check_canonical(source: str, name: str) -> str | None:
    """Format ``source``; assert idempotence and an unchanged AST. None when it is not valid ML."""
    try:
        original = parse(source, name)
    except MLSyntaxError:
        with pytest.raises(MLSyntaxError):
            format_source(source, name)
        return None
    formatted = format_source(source, name)
    assert format_source(formatted, name) == formatted, f"{name}: fmt(fmt(x)) != fmt(x)"
    assert same_program(parse(formatted, name), original), f"{name}: the AST changed"
    comments = [item.text for item in items_of(source) if item.kind == COMMENT]
    assert [item.text for item in items_of(formatted) if item.kind == COMMENT] == comments
    return formatted


def test_the_repository_has_programs_to_format() -> None:
    assert len(ML_FILES) > 300 and len(DOC_BLOCKS) > 30


@pytest.mark.parametrize("path", ML_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_program_formats_idempotently_with_the_same_ast(path: Path) -> None:
    check_canonical(path.read_text(encoding="utf-8"), str(path))


@pytest.mark.parametrize(("name", "block"), DOC_BLOCKS, ids=[name for name, _ in DOC_BLOCKS])
def test_every_documentation_example_formats_idempotently(name: str, block: str) -> None:
    check_canonical(block, name)


MESSY = """\
// header comment
import math;
function   f(a,b){ if(a>b){return a-b;}else{ x = 1;} return -a*  2;}
x=[1,2,
   3];
y = {a:1, "b c": [x[1:2], x[::2]], c: x > 1 ? "big" : "small"};   // trailing
/* block
   comment */
g = fn(v) => v+1;
h = fn(v) => { return v*2; };
print(f(3,1), g(2), h(3), math.sqrt(16) , -x[0], !true);;



while (x.length > 0) {
    x.pop();// pop
}
try { throw {message: "m"}; } except (e: ValueError) { print(e); }
finally { print("done"); }
for (i in [1,2]) { if (i == 1) { continue; } elif (i==2) { break; } else {} }
items = [1, 2].map(fn(q) => {
return q + 1;
});
capability C { resource "data/*.txt"; allow read "data"; }
{p, q} = {p: 1, q: 2};
r = 7 // 2;
"""

CANONICAL = """\
// header comment
import math;
function f(a, b) {
    if (a > b) {
        return a - b;
    } else {
        x = 1;
    }
    return -a * 2;
}
x = [1, 2,
    3];
y = {a: 1, "b c": [x[1:2], x[::2]], c: x > 1 ? "big" : "small"}; // trailing
/* block
   comment */
g = fn(v) => v + 1;
h = fn(v) => {
    return v * 2;
};
print(f(3, 1), g(2), h(3), math.sqrt(16), -x[0], !true);

while (x.length > 0) {
    x.pop(); // pop
}
try {
    throw {message: "m"};
} except (e: ValueError) {
    print(e);
} finally {
    print("done");
}
for (i in [1, 2]) {
    if (i == 1) {
        continue;
    } elif (i == 2) {
        break;
    } else {}
}
items = [1, 2].map(fn(q) => {
    return q + 1;
});
capability C {
    resource "data/*.txt";
    allow read "data";
}
{p, q} = {p: 1, q: 2};
r = 7 // 2;
"""


def test_the_canonical_layout() -> None:
    assert format_source(MESSY) == CANONICAL
    assert format_source(CANONICAL) == CANONICAL


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # exploded calls and literals keep their shape; closers line up with their opener's line
        ("r = f(\n  a,\n      fn(x) => {\n return x;\n },\n [\n1,\n],\n);\n",
         "r = f(\n    a,\n    fn(x) => {\n        return x;\n    },\n    [\n        1,\n    ],\n);\n"),
        # method chains broken before '.', continuation lines one level deeper
        ("z = items\n.filter(fn(i) => i > 0)\n   .map(fn(i) => i * 2);\n",
         "z = items\n    .filter(fn(i) => i > 0)\n    .map(fn(i) => i * 2);\n"),
        # one statement per line, empty statements dropped, K&R braces and 'else' joined
        ("a = 1; b = 2;;\nif (a)\n{\n}\nelse\n{ b = 3; }\n", "a = 1;\nb = 2;\nif (a) {} else {\n    b = 3;\n}\n"),
        # unary and binary minus, power, ternary, slices, annotations
        ("w = -(-x) - -1 + (a ? b : c) * 2 ** -1;\nt = a[c ? 1 : 2:3];\nfunction g(a : int) { return a; }\n",
         "w = -(-x) - -1 + (a ? b : c) * 2 ** -1;\nt = a[c ? 1 : 2:3];\nfunction g(a: int) {\n    return a;\n}\n"),
        # comments: own line, end of line, before a statement on its line, in an empty block
        ("/* a */ x = 1;   // end\nif (x) { /* empty */ }\nif (x) {\n\n   // inside\n\n}\n",
         "/* a */ x = 1; // end\nif (x) { /* empty */\n}\nif (x) {\n    // inside\n}\n"),
        # blank lines: at most one, none at the start or end of a block or the file
        ("\n\n\nx = 1;\n\n\n\ny = 2;\nfunction f() {\n\n    return 1;\n\n}\n\n\n",
         "x = 1;\n\ny = 2;\nfunction f() {\n    return 1;\n}\n"),
        # inside a bracket broken over lines too, but not after its opener or before its closer
        ("c = {\n\n  a: 1,\n\n\n  b: 2,\n\n};\n", "c = {\n    a: 1,\n\n    b: 2,\n};\n"),
        # literal text is kept as written: quotes, escapes, number spellings, undefined, tabs in strings
        ("s = 'it\\'s'; n = 0x1F + 1_000 + .5 + 5.; u = undefined; t = \"a\tb\";\n",
         "s = 'it\\'s';\nn = 0x1F + 1_000 + .5 + 5.;\nu = undefined;\nt = \"a\tb\";\n"),
        # CRLF line endings and tab indents become LF and four spaces
        ("x = 1;\r\nif (x) {\r\n\tprint(x);\r\n}\r\n", "x = 1;\nif (x) {\n    print(x);\n}\n"),
        ("", ""),
        ("// only a comment", "// only a comment\n"),
    ],
)
def test_layout_rules(source: str, expected: str) -> None:
    assert format_source(source) == expected
    assert format_source(expected) == expected


def test_the_comparison_sees_every_difference_but_positions() -> None:
    assert same_program(parse("x = 1 + 2;"), parse("x   =\n 1+2;"))
    assert not same_program(parse("x = 1 + 2;"), parse("x = 1 - 2;"))
    assert not same_program(parse("x = 1;"), parse("x = true;"))
    assert not same_program(parse("f(a, b);"), parse("f(a);"))
    assert not same_program(parse("x = (1 + 2) * 3;"), parse("x = 1 + 2 * 3;"))


def test_very_deep_expressions_are_formatted() -> None:
    source = "x = " + " + ".join(["1"] * 3000) + ";\n"
    assert format_source(source) == source


def test_invalid_input_raises_a_positioned_syntax_error() -> None:
    with pytest.raises(MLSyntaxError) as info:
        format_source("x = 1;\ny = (2;\n", "bad.ml")
    assert (info.value.filename, info.value.line) == ("bad.ml", 2)


def test_a_layout_that_would_change_the_program_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import mlpy.tools.fmt as fmt

    monkeypatch.setattr(fmt, "layout", lambda items: "x = 2;\n")
    with pytest.raises(FormatterError):
        fmt.format_source("x = 1;\n")


def test_fmt_check_lists_files_and_changes_nothing(mlpy: Callable[..., Result], tmp_path: Path) -> None:
    (tmp_path / "src" / "sub").mkdir(parents=True)
    (tmp_path / "src" / "ok.ml").write_text("x = 1;\n")
    messy = "x=1;y =2;\n"
    (tmp_path / "src" / "sub" / "messy.ml").write_text(messy)
    result = mlpy("fmt", "--check", "src", cwd=tmp_path)
    assert (result.exit_code, result.stdout) == (1, "src/sub/messy.ml\n")
    assert (tmp_path / "src" / "sub" / "messy.ml").read_text() == messy
    result = mlpy("fmt", "src", cwd=tmp_path)
    assert result.exit_code == 0
    assert (tmp_path / "src" / "sub" / "messy.ml").read_text() == "x = 1;\ny = 2;\n"
    assert (tmp_path / "src" / "ok.ml").read_text() == "x = 1;\n"
    assert mlpy("fmt", "--check", "src", cwd=tmp_path).exit_code == 0


def test_fmt_reads_stdin_and_refuses_invalid_files(mlpy: Callable[..., Result], tmp_path: Path) -> None:
    result = mlpy("fmt", "-", cwd=tmp_path, stdin="if(x){y=1;}\n")
    assert (result.exit_code, result.stdout) == (0, "if (x) {\n    y = 1;\n}\n")
    (tmp_path / "bad.ml").write_text("x = (1;\n")
    result = mlpy("fmt", "bad.ml", cwd=tmp_path)
    assert result.exit_code == 2
    assert "bad.ml:1:7: SyntaxError" in result.stderr
    assert (tmp_path / "bad.ml").read_text() == "x = (1;\n"


# ----------------------------------------------------------------------------- property: layout only

SAMPLE = (ROOT / "tests" / "programs" / "closures.ml").read_text() + MESSY
_FILLERS = ["\n", "\n\n\n", "  ", "\t", "/* c */", "\n/* c */\n", " /* multi\n line */ "]


def _token_offsets(source: str) -> list[tuple[int, bool]]:
    """Start offsets of the tokens of ``source`` and whether a ``//`` comment may go there (not
    after an operand, where ``//`` is floor division)."""
    tokens = tokenize(source)[0][:-1]
    starts = [0] + [i + 1 for i, ch in enumerate(source) if ch == "\n"]
    operand_end = {"name", "num", "str", "true", "false", "null", ")", "]", "}"}
    return [(starts[line - 1] + col - 1, index > 0 and tokens[index - 1][0] not in operand_end)
            for index, (_kind, _value, line, col) in enumerate(tokens)]


OFFSETS = _token_offsets(SAMPLE)


@settings(max_examples=80, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(OFFSETS) - 1), st.sampled_from(_FILLERS), st.booleans()),
                min_size=1, max_size=15))
def test_any_spacing_and_comments_format_to_the_same_program(edits: list[tuple[int, str, bool]]) -> None:
    source = SAMPLE
    for index, filler, line_comment in sorted(edits, key=lambda edit: -OFFSETS[edit[0]][0]):
        offset, comment_ok = OFFSETS[index]
        text = filler + ("// note\n" if line_comment and comment_ok else "")
        source = source[:offset] + text + source[offset:]
    formatted = check_canonical(source, "fuzzed.ml")
    assert formatted is not None
