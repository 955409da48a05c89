"""Hints fitted to the REPL: what to type here, and what ML says instead of another language.

:func:`improve` takes the error of one entry and rewrites its hint when a better one is known:
- a syntax error caused by a habit from JavaScript or Python (``let``, ``===``, ``and``/``or``/
  ``not`` as words, ``x in y`` outside ``for``, list comprehensions, ``i++``, ``def``) says what ML
  writes instead;
- an unknown member of an array or a string (``arr.push``) names the ML method, or the closest one;
- a name a function reads that no entry has defined yet gets a did-you-mean, or says to define it.
Everything here reads the error and the entry's text; nothing is run. (A capability error needs
nothing here: the session runs with ``front_end="repl"``, so it already says ``.grant read:/data``.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from mlpy.errors import MLError

_STRINGS = re.compile(r'"(?:\\.|[^"\\\n])*"?|\'(?:\\.|[^\'\\\n])*\'?')
_COMMENT = re.compile(r"//.*$|/\*.*?(\*/|$)")
_WORD = r"(?<![\w.])({})(?!\w)"

_MEMBER_SLIPS: dict[tuple[str, str], str] = {
    ("array", "push"): "arrays grow with append: arr.append(x)",
    ("array", "length"): "length is a property, not a method: arr.length",
    ("array", "size"): "the number of items is arr.length (or len(arr))",
    ("array", "indexOf"): "arr.index(x) gives the position of x (it throws when x is absent)",
    ("array", "includes"): "test membership with collections.contains(arr, x) (import collections;)",
    ("array", "contains"): "test membership with collections.contains(arr, x) (import collections;)",
    ("array", "forEach"): "loop with for (item in arr) { ... }",
    ("array", "map"): "use functional.map(fn(x) => ..., arr) (import functional;) or a for loop",
    ("array", "filter"): "use functional.filter(fn(x) => ..., arr) (import functional;) or a for loop",
    ("array", "join"): 'join is a string method: ", ".join(arr)',
    ("array", "concat"): "join two arrays with +: a + b",
    ("string", "toUpperCase"): "s.upper()",
    ("string", "toLowerCase"): "s.lower()",
    ("string", "trim"): "s.strip()",
    ("string", "includes"): "s.find(part) >= 0 tells whether part occurs in s",
    ("string", "contains"): "s.find(part) >= 0 tells whether part occurs in s",
    ("string", "indexOf"): "s.find(part) (-1 when absent)",
    ("string", "startsWith"): "s.startswith(prefix)",
    ("string", "endsWith"): "s.endswith(suffix)",
    ("string", "size"): "the number of characters is s.length (or len(s))",
}
"""Members other languages have, with what ML writes instead."""

_NAME_SLIPS = {
    "None": "ML writes null",
    "nil": "ML writes null",
    "undefined": "ML writes null",
    "self": "ML has no classes: pass the object as an argument",
    "this": "ML has no classes: pass the object as an argument",
    "console": "print(value) writes a line",
}


def improve(error: MLError, source: str, names: Iterable[str] = ()) -> None:
    """Replace ``error``'s hint with one fitted to the REPL or to a slip, when one applies;
    ``names`` are those the session defines (for a did-you-mean on a name a function used)."""
    hint = None
    if error.kind == "SyntaxError":
        hint = syntax_slip(_line_of(error, source))
    elif error.kind == "NameError":
        found = re.match(r"Unknown identifier '(\w+)'", error.message)
        hint = _NAME_SLIPS.get(found.group(1)) if found else None
        late = re.match(r"'(\w+)' is used before it is assigned a value", error.message)
        if late and not isinstance(error.__cause__, UnboundLocalError):  # a global, not a local
            error.message = f"'{late.group(1)}' is not defined (no entry has defined it yet)"
            hint = _late_name(late.group(1), names)
    elif error.kind == "AttributeError":
        hint = member_slip(error.message)
    if hint is not None:
        error.hint = hint


def _late_name(name: str, names: Iterable[str]) -> str:
    """A function read a name no entry has defined (yet): a close one, or what to do."""
    from mlpy.compiler.builtin_names import BUILTIN_NAMES
    from mlpy.language.suggest import closest_name

    close = closest_name(name, [*names, *BUILTIN_NAMES])
    if close is not None:
        return f"did you mean '{close}'?"
    return f"define '{name}' in an entry, then run this again"


def _line_of(error: MLError, source: str) -> str:
    """The line of the entry the error points at."""
    if error.source_line is not None:
        return error.source_line
    lines = source.splitlines()
    return lines[error.line - 1] if error.line and 1 <= error.line <= len(lines) else source


def _has_word(code: str, word: str) -> bool:
    return re.search(_WORD.format(re.escape(word)), code) is not None


def syntax_slip(line: str) -> str | None:
    """What ML writes instead of the habit from another language on this line, if one is there
    (words inside strings and comments do not count)."""
    code = _COMMENT.sub("", _STRINGS.sub('""', line))
    declared = re.match(r"\s*(let|var|const)\s+([A-Za-z_]\w*)", code)
    if declared:
        return (f"ML has no '{declared.group(1)}': assign directly, e.g. {declared.group(2)} = ...; "
                "(the first assignment creates the variable)")
    if "===" in code or "!==" in code:
        return "ML compares with == and != (no type conversion happens: 1 == \"1\" is false)"
    words = [word for word in ("and", "or", "not") if _has_word(code, word)]
    if words:
        spelled = {"and": "'and' as &&", "or": "'or' as ||", "not": "'not' as !"}
        return "ML writes " + ", ".join(spelled[word] for word in words)
    if re.search(r"\[[^\]]*\bfor\b[^\]]*\bin\b", code):
        return ("ML has no comprehensions: build the array in a for loop, or use "
                "functional.map(fn(x) => ..., items) and functional.filter (import functional;)")
    if _has_word(code, "in") and not re.search(r"\bfor\s*\(", code):
        return ("'in' belongs to for (x in items) only: test membership with "
                "collections.contains(items, x) (import collections;), or s.find(part) >= 0 for strings")
    if re.search(r"\w\s*(\+\+|--)|(\+\+|--)\s*\w", code):
        return "ML has no ++ or --: write i += 1; or i -= 1;"
    if re.match(r"\s*def\s+\w+\s*\(", code):
        return "functions are written function name(params) { ... }"
    return None


def member_slip(message: str) -> str | None:
    """For ``'array' has no member 'push'``: what ML calls it, or the closest member."""
    found = re.match(r"'(array|string)' has no member '(\w+)'", message)
    if not found:
        return None
    kind, name = found.groups()
    slip = _MEMBER_SLIPS.get((kind, name))
    if slip is not None:
        return slip
    from mlpy.language.suggest import closest_name
    from mlpy.runtime.members import member_names

    close = closest_name(name, member_names([] if kind == "array" else ""))
    return f"did you mean '{close}'?" if close is not None else None


__all__ = ["improve", "member_slip", "syntax_slip"]
