"""What the limit fuzzer and the native-recursion test call: every builtin, every standard-library
function and every value method, discovered from the running build (``available_modules()``,
``module_info``, ``help``, ``methods``), and the pools of extreme ML values to call them with."""

from __future__ import annotations

import functools
import io
import json
import re

import mlpy

# Helper definitions an argument expression may use; each is emitted only when referenced.
PRELUDE = {
    "deep": "deep = []; for (i in range(100000)) { deep = [deep]; }",
    "dobj": "dobj = {}; for (i in range(100000)) { dobj = {a: dobj}; }",
    "wide": "wide = [1]; for (i in range(40)) { wide = [wide, wide]; }",
    "wobj": "wobj = {a: 1}; for (i in range(40)) { wobj = {a: wobj, b: wobj}; }",
    "rec": "function rec(x) { return rec(x); }",
    "big": "big = 2 ** 3000000;",
    "now": "import datetime; now = datetime.now();",
    "pat": 'import regex; pat = regex.compile("(a+)+$");',
}

NUMBERS = ["0", "-1", "1", "7", "0.5", "-2.5", "1e308", "-1e308", "1e-320", "10 ** 18", "-(10 ** 18)",
           "2 ** 63", "99999999999", "-99999999999", "big", "-big", "big + 1", "true", "null"]
STRINGS = ['""', '"a"', '"a" * 5000000', '"\\u00e9" * 3000000', '"x" * 20000 + "\\ud83d\\ude00"',
           '"%099999999d"', '"{:>999999999}"', '"%999999999Y%c%c"', '"%Y" * 200000',
           '"(a+)+$"', '"(x+x+)+y"', '"a" * 40 + "!"', '"\\\\1" * 1000', '"9" * 100000',
           '"[" * 100000', '"{" * 50000', '"/proc/self/exe"', '"{TMP}/f.txt"', '"{TMP}/a/b/c.txt"',
           '"http://0x7f.1:1/"', '"-vf"', '".*"', '"%s" * 1000', '"999999999"', '"1" * 400 + "e9999"']
ARRAYS = ["[]", "[1, 2, 3]", "range(1900000)", "deep", "wide", '["x"] * 1900000', "[1e308, -1e308]",
          "[[1, 2], [3, 4]]", '["b", "a", 3, null]', "[big, big]"]
OBJECTS = ["{}", '{"a": 1}', "{a: deep}", "dobj", "wobj", '{"%Y": "x" * 1000000}']
FUNCTIONS = ["fn(x) => x", "fn(a, b) => a", "rec", "fn(x) => x * x", "fn(x) => [x, x]"]
VALUES = NUMBERS + STRINGS + ARRAYS + OBJECTS + FUNCTIONS

# Parameter names (from ``help``) that say what kind of value a function wants; an argument is
# drawn from that kind's pool or, as often, from every value.
KINDS = [
    (re.compile(r"fn$|func|callback|predicate|key_?fn|mapper|reducer|compare|^f$|transform|combiner"),
     FUNCTIONS),
    (re.compile(r"text|str|pattern|format|fmt|sep|name|path|url|^s$|string|replacement|template|json"
                r"|key$|prefix|suffix|char|data|content|message|encoding|delimiter|source|destination"
                r"|hash|signature|description|mode|code|element"), STRINGS),
    (re.compile(r"^(n|x|y|a|b|count|digits|times|size|start|stop|end|step|width|days|hours|minutes"
                r"|seconds|hour|second|microsecond|index|base|exp|min|max|length|num|number|year|month"
                r"|day|amount|limit|depth|timeout|mean|stddev|seed|indent|level|low|high|initial)"), NUMBERS),
    (re.compile(r"items|arr|array|list|lst|values|rows|iterable|seq|elements|iterator"), ARRAYS),
    (re.compile(r"obj|dict|mapping|options|headers|record"), OBJECTS),
]

GRANTS = ["read:{TMP}", "write:{TMP}", "env:MLPY_FUZZ_VAR"]
HELP_SIGNATURE = re.compile(r"^\s*[\w.]+\((.*?)\)")


def pool(param: str) -> list[str]:
    """The value pool matching a parameter's name (every value when the name says nothing)."""
    for pattern, pool in KINDS:
        if pattern.search(param.strip().lower()):
            return pool
    return VALUES


@functools.cache
def discover() -> list[tuple[str, str, tuple[str, ...]]]:
    """(prelude name or "", callable expression, parameter names) for every target."""
    out = io.StringIO()
    mlpy.run("print(available_modules());", stdout=out)
    modules = json.loads(out.getvalue())
    lines = [f"import {name};" for name in modules]
    lines.append("found = {};")
    for name in modules:
        lines.append(f'info = module_info("{name}"); fs = [];')
        lines.append(f"for (f in info.functions) {{ fs.append([f, help(getattr({name}, f))]); }}")
        lines.append(f'found["{name}"] = fs;')
    lines.append("found[\"builtin\"] = [];")
    lines.append("for (f in methods(builtin)) { found[\"builtin\"].append([f, help(getattr(builtin, f))]); }")
    lines.append("print(found);")
    out = io.StringIO()
    mlpy.run("\n".join(lines), stdout=out)
    found: dict[str, list[list[str]]] = json.loads(out.getvalue())
    targets: list[tuple[str, str, tuple[str, ...]]] = []
    for module, functions in found.items():
        for name, text in functions:
            match = HELP_SIGNATURE.match(text or "")
            params = tuple(p.strip() for p in (match.group(1).split(",") if match else []) if p.strip())
            targets.append(("", f"{module}.{name}", params or ("value",)))
    # Methods of values: strings, arrays, a date and a compiled pattern (names from methods()).
    out = io.StringIO()
    mlpy.run('import datetime; import regex; print([methods(""), methods([]), '
             'methods(datetime.now()), methods(regex.compile("a"))]);', stdout=out)
    strings, arrays, dates, patterns = json.loads(out.getvalue())
    for name in strings:
        if name != "length":
            targets.append(("", f'("s" * 3).{name}', ("value", "value")))
    for name in arrays:
        if name != "length":
            targets.append(("", f"[3, 1, 2].{name}", ("value", "value")))
    for name in dates:
        targets.append(("now", f"now.{name}", ("value", "value")))
    for name in patterns:
        targets.append(("pat", f"pat.{name}", ("text", "value")))
    return targets


def program(prelude: str, target: str, args: list[str]) -> str:
    """The ML program calling ``target`` with ``args``, with the helpers they reference."""
    text = " ".join([target, *args])
    lines = [code for name, code in PRELUDE.items()
             if name == prelude or re.search(rf"\b{name}\b", text)]
    imports = {target.split(".")[0]} - {"builtin", "now", "pat"}
    lines[:0] = [f"import {module};" for module in sorted(imports) if re.fullmatch(r"[a-z]+", module)]
    lines.append(f"result = {target}({', '.join(args)});")
    lines.append("shown = str(result);")
    return "\n".join(lines)
