"""Hypothesis strategies that generate random, syntactically valid ML programs (and garbage text).

The programs are grammar-based: a fixed prologue binds a few variables of every kind (number,
string, array, object with a dunder key, arrow function, modules), then random statements use them.
Expressions cover every operator, calls of builtins and stdlib functions with random arguments,
member access with random names (``_x`` style and the allow-listed method names), subscripts with
random strings including dunder strings, ``getattr``/``hasattr`` probes, arrows and ternaries.
Statements cover assignment, ``if``/``elif``/``else``, ``for`` over small ranges, bounded ``while``
loops, ``try``/``except``/``finally``, ``throw``, and function definitions with ``return``.

The fuzzer (``test_fuzz_programs.py``) runs them with step/time/output limits and checks that only
``MLError`` subclasses escape and that no Python object repr is ever printed. Generated string
literals never contain ``<`` or the text ``__builtins__``, so any such marker in the output must
come from the runtime, not from the program's own data.
"""

from __future__ import annotations

from hypothesis import strategies as st

# Names the prologue binds; statements may rebind the plain variables.
VARIABLES = ["a", "b", "c", "d", "f", "g", "n", "s"]
MODULES = ["math", "functional", "collections", "regex", "json", "datetime"]
PROLOGUE = (
    "import math;\nimport functional;\nimport collections;\nimport regex;\nimport json;\nimport datetime;\n"
    'a = 1;\nb = "text";\nc = [1, 2, 3];\nd = {k: 1, "__class__": 2, nested: {x: [1]}};\n'
    "f = fn(x) => x;\ng = fn(x, y) => [x, y];\nn = null;\ns = regex.compile(\"a+\");\n"
)

# Dunder and private names, and printf/format templates that could reach Python reprs.
DUNDER_STRINGS = [
    "__class__", "__dict__", "__globals__", "__init__", "__subclasses__", "__mro__", "__code__",
    "__self__", "__module__", "__traceback__", "__closure__", "__getattribute__", "__reduce__",
    "_private", "_x", "__ml_str", "__kw_class", "func_globals", "gi_frame", "f_back", "tb_frame",
    "%r", "%s", "%(k)s", "{0.__class__}", "{!r}",
]
ALLOWED_MEMBERS = [
    "upper", "lower", "strip", "split", "join", "replace", "startswith", "find", "count", "length",
    "append", "extend", "pop", "insert", "remove", "index", "sort", "reverse", "copy", "clear",
    "k", "x", "nested", "message", "type", "value", "search", "test", "group", "sqrt", "pi", "map",
]
RANDOM_MEMBERS = ["_x", "_private", "_registry", "format", "encode", "real", "mro", "func", "keys",
                  "items", "get", "self", "im_func", "tb_frame", "f_globals", "zfill", "title"]
BUILTIN_CALLS = [
    "print", "int", "float", "str", "bool", "typeof", "isinstance", "len", "range", "enumerate", "zip",
    "sorted", "reversed", "keys", "values", "abs", "min", "max", "round", "sum", "all", "any",
    "callable", "chr", "ord", "hex", "bin", "oct", "repr", "format", "iter", "next", "methods",
    "hasattr", "getattr", "call", "help", "has_module", "module_info", "hasCapability",
    "getCapabilities", "getCapabilityInfo", "requiredCapabilities", "modules", "available_modules",
]
MODULE_CALLS = [
    "math.sqrt", "math.floor", "math.pow", "math.factorial", "math.log", "math.gcd", "functional.map",
    "functional.filter", "functional.reduce", "functional.compose", "functional.partial",
    "functional.memoize", "functional.range", "functional.zip", "collections.sortBy", "collections.map",
    "collections.flatten", "collections.chunk", "regex.findall", "regex.sub", "regex.compile",
    "regex.search", "json.parse", "json.stringify", "datetime.createDelta", "datetime.isLeapYear",
]
BINARY_OPERATORS = ["+", "-", "*", "/", "//", "%", "**", "<", ">", "<=", ">=", "==", "!=", "&&", "||"]
SAFE_TEXT = st.text(alphabet="abcXYZ019 _.,:{}[]()%!'-+*/\\n", max_size=12)


def _string_literal(text: str) -> str:
    """An ML string literal for ``text`` (quotes and backslashes escaped)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


strings = st.one_of(SAFE_TEXT, st.sampled_from(DUNDER_STRINGS)).map(_string_literal)
numbers = st.one_of(
    st.integers(min_value=-1000, max_value=1000).map(str),
    st.sampled_from(["0", "1e400", "0.5", "3.25", "10000000000", "0x1F", "1_000", ".5", "5."]),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6).map(repr),
)
atoms = st.one_of(
    numbers, strings, st.sampled_from(["true", "false", "null", "undefined"]),
    st.sampled_from(VARIABLES), st.sampled_from(MODULES), st.just("builtin"),
)


def _receiver(expr: str) -> str:
    """``expr`` ready to take ``.name``: a number literal is parenthesised (``6.lower`` lexes as ``6.``)."""
    return f"({expr})" if expr[:1].isdigit() or expr[:1] in "-." else expr


def _extend(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """One level of the expression grammar over ``children`` (the smaller expressions)."""
    args = st.lists(children, max_size=3).map(", ".join)
    name = st.sampled_from(ALLOWED_MEMBERS + RANDOM_MEMBERS)
    return st.one_of(
        st.tuples(children, st.sampled_from(BINARY_OPERATORS), children).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(st.sampled_from(["!", "-"]), children).map(lambda t: f"({t[0]}{t[1]})"),
        st.tuples(children, children, children).map(lambda t: f"({t[0]} ? {t[1]} : {t[2]})"),
        st.tuples(st.sampled_from(BUILTIN_CALLS), args).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(st.sampled_from(MODULE_CALLS), args).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(children, name).map(lambda t: f"{_receiver(t[0])}.{t[1]}"),
        st.tuples(children, name, args).map(lambda t: f"{_receiver(t[0])}.{t[1]}({t[2]})"),
        st.tuples(children, st.one_of(strings, children)).map(lambda t: f"{t[0]}[{t[1]}]"),
        st.tuples(children, children).map(lambda t: f"{t[0]}[{t[1]}:]"),
        st.tuples(st.sampled_from(["getattr", "hasattr"]), children, strings).map(
            lambda t: f"{t[0]}({t[1]}, {t[2]})"),
        st.tuples(children, args).map(lambda t: f"({t[0]})({t[1]})"),
        st.lists(children, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.lists(st.tuples(st.sampled_from(["k", "x", "_p", '"__class__"', '"a b"']), children), max_size=3).map(
            lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}"),
        children.map(lambda body: f"(fn(x) => {body})"),
    )


expressions = st.recursive(atoms, _extend, max_leaves=12)


def _indent(block: str) -> str:
    return "\n".join("    " + line for line in block.splitlines())


def _block(statements: list[str]) -> str:
    return "{\n" + _indent("\n".join(statements)) + "\n}" if statements else "{\n    a = a;\n}"


simple_statements = st.one_of(
    st.tuples(st.sampled_from(VARIABLES[:4] + ["t", "u"]), expressions).map(lambda t: f"{t[0]} = {t[1]};"),
    expressions.map(lambda e: f"print({e});"),
    expressions.map(lambda e: f"{e};"),
    st.tuples(st.sampled_from(["c", "d"]), strings, expressions).map(lambda t: f"{t[0]}[{t[1]}] = {t[2]};"),
    st.tuples(st.sampled_from(["d"]), st.sampled_from(["k", "x", "_p", "length"]), expressions).map(
        lambda t: f"{t[0]}.{t[1]} = {t[2]};"),
    expressions.map(lambda e: f"throw {e};"),
)


def _compound(inner: st.SearchStrategy[list[str]]) -> st.SearchStrategy[str]:
    """Compound statements whose bodies are lists drawn from ``inner``."""
    return st.one_of(
        st.tuples(expressions, inner, inner).map(lambda t: f"if ({t[0]}) {_block(t[1])} else {_block(t[2])}"),
        st.tuples(expressions, inner, expressions, inner).map(
            lambda t: f"if ({t[0]}) {_block(t[1])} elif ({t[2]}) {_block(t[3])}"),
        st.tuples(st.integers(0, 4), inner).map(lambda t: f"for (i in range({t[0]})) {_block(t[1])}"),
        st.tuples(expressions, inner).map(lambda t: f"for (item in [1, {t[0]}]) {_block(t[1])}"),
        st.tuples(st.integers(0, 4), inner).map(
            lambda t: f"w = 0;\nwhile (w < {t[0]}) {_block([*t[1], 'w = w + 1;'])}"),
        st.tuples(inner, inner, inner).map(
            lambda t: f"try {_block(t[0])} except (e) {_block([*t[1], 'print(e);'])} finally {_block(t[2])}"),
        st.tuples(inner, st.sampled_from(["TypeError", "KeyError", "ValueError", "Error"]), inner).map(
            lambda t: f"try {_block(t[0])} except (e: {t[1]}) {_block(t[2])} except {{\n    print(\"other\");\n}}"),
        st.tuples(st.sampled_from(["h1", "h2"]), inner, expressions).map(
            lambda t: f"function {t[0]}(p, q) {_block([*t[1], f'return {t[2]};'])}\nprint({t[0]}(1, \"x\"));"),
        st.tuples(inner, expressions).map(
            lambda t: f"arrow = fn(p) => {_block([*t[0], f'return {t[1]};'])};\nprint(arrow(c));"),
    )


statement_lists = st.recursive(
    st.lists(simple_statements, min_size=1, max_size=3),
    lambda inner: st.lists(st.one_of(simple_statements, _compound(inner)), min_size=1, max_size=3),
    max_leaves=6,
)


@st.composite
def ml_programs(draw: st.DrawFn) -> str:
    """A whole random ML program: the prologue and a few random statements."""
    body = draw(statement_lists)
    return PROLOGUE + "\n".join(body) + "\n"


ML_TOKENS = [
    "(", ")", "{", "}", "[", "]", ";", ",", ".", ":", "?", "=", "==", "+", "-", "*", "**", "/", "//",
    "%", "!", "&&", "||", "=>", "fn", "function", "if", "elif", "else", "while", "for", "in", "try",
    "except", "finally", "throw", "return", "import", "as", "nonlocal", "capability", "true", "null",
    "x", "_y", "__class__", "print", "1", "1e400", "0x", "\"", "'", "\"abc\"", "/*", "*/", "//", "#",
    "\\u12", "\n", " ", "\t", "\u00e9", "\x00", "os", "math", "break", "continue", "resource", "allow",
]

garbage_text = st.one_of(
    st.text(max_size=80),
    st.lists(st.sampled_from(ML_TOKENS), max_size=40).map(" ".join),
    st.lists(st.sampled_from(ML_TOKENS), max_size=40).map("".join),
)
"""Random text: arbitrary Unicode, and soups of ML tokens (mostly invalid programs)."""

__all__ = ["PROLOGUE", "garbage_text", "ml_programs"]
