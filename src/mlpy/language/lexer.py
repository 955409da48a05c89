"""The ML lexer: source text to a list of tokens, in one pass driven by a single compiled regex.

A token is a plain tuple ``(kind, value, line, col)`` (tuples are the cheapest thing Python can
build, and the parser only indexes them):

- ``kind`` is ``"name"``, ``"num"``, ``"str"`` or ``"eof"``, or, for operators, punctuation and
  reserved words, the text itself (``"+="``, ``"{"``, ``"while"``). ``undefined`` has kind ``"null"``.
- ``value`` is the identifier / word text, the number (``int`` or ``float``), or the string with its
  escapes processed.
- ``line`` and ``col`` are 1-based positions of the token's first character.

The one context-sensitive rule of ML lexing is ``//``: directly after a complete operand it is floor
division, elsewhere it starts a comment. The lexer decides from the previous token; for
``)`` and ``}`` it remembers what the matching opener started (a condition / parameter list / block
is not an operand; a parenthesised expression / object literal is).
"""

from __future__ import annotations

import re
import sys

from mlpy.errors import MLSyntaxError
from mlpy.language.deadline import compile_timeout, monotonic
from mlpy.language.diagnostics import syntax_error

Token = tuple[str, object, int, int]

RESERVED_WORDS = frozenset(
    "function if elif else while for in return break continue try except finally throw import as "
    "nonlocal capability fn true false null".split()
)
"""Words that cannot be used as names; ``undefined`` is an alias of ``null``."""

# One alternative per token class, each preceded by the blanks before it (consumed inside the match:
# far cheaper than letting ``finditer`` try every alternative at every blank). The groups are numbered
# in order (1 = name ... 8 = bad): the loop dispatches on ``m.lastindex``, an int. ``bad`` catches what
# no other alternative accepts, including the opening quote of an unterminated string and an
# unterminated ``/*``.
_MASTER = re.compile(
    r"""[ \t\r\f\v]*(?:
     (?P<name>[A-Za-z_][A-Za-z0-9_]*)
    |(?P<op>\*\*|==|!=|<=|>=|&&|\|\||=>|\+=|-=|\*=|/=|%=|[-+*%<>=!?:;,(){}\[\]]|\.(?![0-9])|/(?![/*]))
    |(?P<nl>\n)
    |(?P<num>0[xX][0-9A-Fa-f_]+|0[bB][01_]+|(?:[0-9][0-9_]*\.?[0-9_]*|\.[0-9][0-9_]*)(?:[eE][+-]?[0-9][0-9_]*)?)
    |(?P<str>"[^"\\]*(?:\\.[^"\\]*)*"|'[^'\\]*(?:\\.[^'\\]*)*')
    |(?P<slash>//=?)
    |(?P<block>/\*.*?\*/)
    |(?P<bad>/\*|["']|[^ \t\r\f\v])
    )""",
    re.VERBOSE | re.DOTALL,
)

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
    "= ( [ , : ? in return throw + - * / // % ** < > <= >= == != && || ! += -= *= /= //= %= ; { }".split()
) | {""}
# Literal-like reserved words: complete operands.
_OPERAND_WORDS = frozenset({"true", "false", "null"})
_OPENERS = frozenset("([{")
_WORD_KIND = {word: word for word in RESERVED_WORDS} | {"undefined": "null"}
_CLOSERS = frozenset(")]}")


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


def _number_error(text: str, source: str, filename: str, line: int, col: int) -> MLSyntaxError:
    """The syntax error for a number literal Python refuses: malformed, or a decimal int longer than
    Python converts from text (``sys.get_int_max_str_digits()``)."""
    digits = text.replace("_", "")
    limit = sys.get_int_max_str_digits()
    if digits.isdigit() and limit and len(digits) > limit:
        return syntax_error(f"number literal too long ({len(digits)} digits; at most {limit})", source,
                            filename, line, col, hint="write it in hexadecimal (0x...) or compute it")
    return syntax_error(f"malformed number '{text}'", source, filename, line, col)


def tokenize(source: str, filename: str = "<ml>", *,
             deadline: float | None = None) -> tuple[list[Token], int]:
    """Split ``source`` into tokens (ending with an ``eof`` token).

    Returns the tokens and the number of brackets still open at the end of input (the REPL uses it
    to decide whether more lines are needed). Raises ``MLSyntaxError`` on text that is not ML, and
    ``MLTimeoutError`` once ``deadline`` (``mlpy.language.deadline``) has passed: checked at each
    line break and each operator or punctuation token that is not a bracket.
    """
    tokens: list[Token] = []
    append = tokens.append
    finditer = _MASTER.finditer
    word_kind = _WORD_KIND.get
    operand_words, openers, closers = _OPERAND_WORDS, _OPENERS, _CLOSERS
    line = 1
    col_base = -1  # index of the first character of the current line, minus one (column = index - col_base)
    operand = False  # does the previous token complete an operand?
    stack: list[bool] = []  # per open bracket: does its closer complete an operand?
    push, pop = stack.append, stack.pop
    restart: int | None = 0  # where to (re)start scanning: a '//' comment skips to the end of its line

    while restart is not None:
        matches = finditer(source, restart)
        restart = None
        for m in matches:
            group = m.lastindex
            if group == 1:  # name or reserved word
                text = m[1]
                kind = word_kind(text)
                if kind is None:
                    if text[0] == "_" and text[:2] == "__":
                        raise syntax_error("identifiers beginning with '__' are reserved", source, filename,
                                           line, m.start(1) - col_base,
                                           hint="rename it, e.g. without the leading underscores")
                    append(("name", text, line, m.start(1) - col_base))
                    operand = True
                else:
                    append((kind, text, line, m.start(1) - col_base))
                    operand = kind in operand_words
            elif group == 2:  # operator or punctuation
                kind = m[2]
                if kind in openers:
                    prev = tokens[-1][0] if tokens else ""
                    if kind == "(":
                        prev2 = tokens[-2][0] if len(tokens) > 1 else ""
                        closes = not (prev in _HEADER_PAREN_AFTER or (prev == "name" and prev2 == "function"))
                    elif kind == "[":
                        closes = True
                    elif prev == "=>":
                        closes = _OBJECT_AFTER_BRACE.match(source, m.start(2)) is not None
                    else:
                        closes = prev in _EXPR_BRACE_AFTER
                    push(closes)
                    operand = False
                elif kind in closers:
                    operand = pop() if stack else True
                else:
                    operand = False
                    if deadline is not None and monotonic() > deadline:
                        raise compile_timeout(filename, line, m.start(2) - col_base)
                append((kind, kind, line, m.start(2) - col_base))
            elif group == 3:  # newline
                line += 1
                col_base = m.end() - 1
                if deadline is not None and monotonic() > deadline:
                    raise compile_timeout(filename, line, 1)
            elif group == 4:  # number
                text = m[4]
                try:
                    value: int | float = int(text) if text.isdigit() else _number_value(text)
                except ValueError:
                    raise _number_error(text, source, filename, line, m.start(4) - col_base) from None
                append(("num", value, line, m.start(4) - col_base))
                operand = True
            elif group == 5:  # string
                text = m[5]
                start = m.start(5)
                body = text[1:-1]
                value_s = _ESCAPE.sub(_unescape_one, body) if "\\" in body else body
                append(("str", value_s, line, start - col_base))
                operand = True
                nl = body.count("\n")
                if nl:
                    line += nl
                    col_base = start + body.rindex("\n") + 1
            elif group == 6:  # '//' or '//=': floor division after an operand, else a comment
                if operand:
                    text = m[6]
                    append((text, text, line, m.start(6) - col_base))
                    operand = False
                else:  # a comment: continue scanning at the end of the line
                    newline = source.find("\n", m.start(6))
                    if newline >= 0:
                        restart = newline
                    break
            elif group == 7:  # block comment
                text = m[7]
                nl = text.count("\n")
                if nl:
                    line += nl
                    col_base = m.start(7) + text.rindex("\n")
            elif group == 8:
                _bad_character(m[8], source, filename, line, m.start(8) - col_base)

    append(("eof", None, line, len(source) - col_base))
    return tokens, len(stack)


def _bad_character(text: str, source: str, filename: str, line: int, col: int) -> None:
    """Raise the syntax error for text no token accepts (unterminated string/comment, '#', ...)."""
    if text == "#":
        raise syntax_error("'#' does not start a comment in ML: use '//'", source, filename, line, col,
                           hint="write // for a comment")
    if text in ("'", '"'):
        raise syntax_error(f"unterminated string (started at line {line}, column {col})", source,
                           filename, line, col, incomplete=True, hint=f"close the string with {text}")
    if text == "/*":
        raise syntax_error(f"unterminated comment (started at line {line}, column {col})", source,
                           filename, line, col, incomplete=True, hint="close the comment with */")
    shown = repr(text) if text.isprintable() else f"U+{ord(text):04X}"
    raise syntax_error(f"unexpected character {shown}", source, filename, line, col)
