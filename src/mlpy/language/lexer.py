"""The ML lexer: source text to a list of tokens, in one pass driven by a single compiled regex.

A token is a plain tuple ``(kind, value, line, col)`` (tuples are the cheapest thing Python can
build, and the parser only indexes them):

- ``kind`` is ``"name"``, ``"num"``, ``"str"`` or ``"eof"``, or, for operators, punctuation and
  reserved words, the text itself (``"+="``, ``"{"``, ``"while"``). ``undefined`` has kind ``"null"``.
- ``value`` is the identifier / word text, the number (``int`` or ``float``), or the string with its
  escapes processed.
- ``line`` and ``col`` are 1-based positions of the token's first character.

The one context-sensitive rule of ML lexing is ``//``: directly after a complete operand it is floor
division, elsewhere it starts a comment (SPEC §1.1). The lexer decides from the previous token; for
``)`` and ``}`` it remembers what the matching opener started (a condition / parameter list / block
is not an operand; a parenthesised expression / object literal is).
"""

from __future__ import annotations

import re

from mlpy.language.diagnostics import syntax_error

Token = tuple[str, object, int, int]

RESERVED_WORDS = frozenset(
    "function if elif else while for in return break continue try except finally throw import as "
    "nonlocal capability fn true false null".split()
)
"""Words that cannot be used as names (SPEC §1.1); ``undefined`` is an alias of ``null``."""

_MASTER = re.compile(
    r"""
    (?P<ws>\s+)
   |(?P<name>[A-Za-z_][A-Za-z0-9_]*)
   |(?P<num>0[xX][0-9A-Fa-f_]+|0[bB][01_]+|(?:[0-9][0-9_]*\.?[0-9_]*|\.[0-9][0-9_]*)(?:[eE][+-]?[0-9][0-9_]*)?)
   |(?P<str>["'])
   |(?P<slash>//=?|/\*)
   |(?P<op>\*\*|==|!=|<=|>=|&&|\|\||=>|\+=|-=|\*=|/=|%=|[-+*/%<>=!?:;,.(){}\[\]])
   |(?P<hash>\#)
   |(?P<bad>.)
    """,
    re.VERBOSE | re.DOTALL,
)

_STRING_BODY = {
    '"': re.compile(r'"((?:[^"\\]|\\.)*)"', re.DOTALL),
    "'": re.compile(r"'((?:[^'\\]|\\.)*)'", re.DOTALL),
}
_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|.)", re.DOTALL)
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\", '"': '"', "'": "'"}

# After ``=> {``: is the brace an object literal (``{}`` or ``{key: ...``) rather than a block?
_OBJECT_AFTER_BRACE = re.compile(
    r"""\{\s*(?:\}|(?:[A-Za-z_][A-Za-z0-9_]*|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')\s*:)""", re.DOTALL
)

# Tokens after which ``(`` opens a condition / parameter list rather than an expression.
_HEADER_PAREN_AFTER = frozenset({"if", "elif", "while", "for", "except", "fn"})
# Tokens after which ``{`` opens an expression (object literal or destructuring pattern).
_EXPR_BRACE_AFTER = frozenset(
    "= ( [ , : ? return throw + - * / // % ** < > <= >= == != && || ! += -= *= /= //= %= ; { }".split()
)
# Literal-like reserved words: complete operands.
_OPERAND_WORDS = frozenset({"true", "false", "null"})


def _unescape_one(match: re.Match[str]) -> str:
    """Replace one backslash escape; unknown escapes keep their backslash (``\\d`` stays ``\\d``)."""
    esc = match.group(1)
    simple = _SIMPLE_ESCAPES.get(esc)
    if simple is not None:
        return simple
    if len(esc) == 5:
        return chr(int(esc[1:], 16))
    return "\\" + esc


def _number_value(text: str) -> int | float:
    """The value of a number literal (ints arbitrary precision, ``1e400`` is ``inf``)."""
    text = text.replace("_", "")
    if text[:2] in ("0x", "0X"):
        return int(text[2:], 16)
    if text[:2] in ("0b", "0B"):
        return int(text[2:], 2)
    if "." in text or "e" in text or "E" in text:
        return float(text)
    return int(text)


def tokenize(source: str, filename: str = "<ml>") -> tuple[list[Token], int]:
    """Split ``source`` into tokens (ending with an ``eof`` token).

    Returns the tokens and the number of brackets still open at the end of input (the REPL uses it
    to decide whether more lines are needed). Raises ``MLSyntaxError`` on text that is not ML.
    """
    tokens: list[Token] = []
    append = tokens.append
    match = _MASTER.match
    pos = 0
    end = len(source)
    line = 1
    line_start = 0  # index of the first character of the current line
    prev = ""  # kind of the previous token
    prev2 = ""  # kind of the token before that
    operand = False  # does the previous token complete an operand?
    stack: list[bool] = []  # per open bracket: does its closer complete an operand?

    while pos < end:
        m = match(source, pos)
        assert m is not None  # the 'bad' alternative matches any character
        group = m.lastgroup
        text = m.group()
        col = pos - line_start + 1
        if group == "ws":
            nl = text.count("\n")
            if nl:
                line += nl
                line_start = pos + text.rindex("\n") + 1
            pos = m.end()
            continue
        if group == "name":
            if text in RESERVED_WORDS:
                kind = text
                operand = text in _OPERAND_WORDS
            elif text == "undefined":
                kind = "null"
                operand = True
            else:
                if text[:2] == "__":
                    raise syntax_error("identifiers beginning with '__' are reserved", source, filename,
                                       line, col, hint="rename it, e.g. without the leading underscores")
                kind = "name"
                operand = True
            append((kind, text, line, col))
        elif group == "num":
            append(("num", _number_value(text), line, col))
            kind = "num"
            operand = True
        elif group == "op":
            kind = text
            if text in "([{":
                if text == "(":
                    closes_operand = not (prev in _HEADER_PAREN_AFTER or (prev == "name" and prev2 == "function"))
                elif text == "[":
                    closes_operand = True
                elif prev == "=>":
                    closes_operand = _OBJECT_AFTER_BRACE.match(source, pos) is not None
                else:
                    closes_operand = prev in _EXPR_BRACE_AFTER or prev == ""
                stack.append(closes_operand)
                operand = False
            elif text in ")]}":
                operand = stack.pop() if stack else True
            else:
                operand = False
            append((kind, text, line, col))
        elif group == "str":
            quote = text
            sm = _STRING_BODY[quote].match(source, pos)
            if sm is None:
                raise syntax_error(f"unterminated string (started at line {line}, column {col})", source,
                                   filename, line, col, incomplete=True,
                                   hint=f"close the string with {quote}")
            body = sm.group(1)
            value = _ESCAPE.sub(_unescape_one, body) if "\\" in body else body
            append(("str", value, line, col))
            nl = body.count("\n")
            if nl:
                line += nl
                line_start = pos + 1 + body.rindex("\n") + 1
            pos = sm.end()
            kind = "str"
            operand = True
            prev2, prev = prev, kind
            continue
        elif group == "slash":
            if text == "/*":
                close = source.find("*/", pos + 2)
                if close < 0:
                    raise syntax_error(f"unterminated comment (started at line {line}, column {col})",
                                       source, filename, line, col, incomplete=True,
                                       hint="close the comment with */")
                nl = source.count("\n", pos, close)
                if nl:
                    line += nl
                    line_start = source.rindex("\n", pos, close) + 1
                pos = close + 2
                continue
            if operand:
                append((text, text, line, col))
                kind = text
                operand = False
            else:
                newline = source.find("\n", pos)
                pos = end if newline < 0 else newline
                continue
        elif group == "hash":
            raise syntax_error("'#' does not start a comment in ML: use '//'", source, filename, line, col,
                               hint="write // for a comment")
        else:
            shown = repr(text) if text.isprintable() else f"U+{ord(text):04X}"
            raise syntax_error(f"unexpected character {shown}", source, filename, line, col)
        prev2, prev = prev, kind
        pos = m.end()

    append(("eof", None, line, end - line_start + 1))
    return tokens, len(stack)
