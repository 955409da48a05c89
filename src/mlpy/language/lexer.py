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
from collections.abc import Iterable
from typing import Any

from mlpy.errors import MLSyntaxError
from mlpy.language.deadline import compile_timeout, monotonic
from mlpy.language.diagnostics import syntax_error

Token = tuple[str, object, int, int]

RESERVED_WORDS = frozenset(
    "function if elif else while for in return break continue try except finally throw import as "
    "nonlocal capability fn true false null".split()
)
"""Words that cannot be used as names; ``undefined`` is an alias of ``null``."""

# One match per token: the blanks before it (group 1: consumed inside the match, far cheaper than
# letting the scan try every alternative at every blank), then the token (group 2): a name or word, an
# operator or punctuation, a newline, a number, a string, '//' to the end of its line, a block comment,
# or the text no other alternative accepts (including the opening quote of an unterminated string and
# an unterminated '/*'). ``findall`` returns (blanks, token) pairs without building a match object per
# token; the lexer keeps columns itself from their lengths and classifies a token by a table lookup of
# its text (then by its first character). Two groups only, and possessive quantifiers (a token never
# gives characters back, so the engine keeps no backtracking state): each group or backtracking point
# measurably slows every match.
_PIECES = re.compile(
    r"""([ \t\r\f\v]*+)(
     [A-Za-z_][A-Za-z0-9_]*+
    |[-+*%<>=!/]=|\*\*|&&|\|\||=>|[-+*%<>=!?:;,(){}\[\]]|\.(?![0-9])|/(?![/*])
    |\n
    |0[xX][0-9A-Fa-f_]++|0[bB][01_]++
    |(?:[0-9][0-9_]*+(?:\.[0-9_]*+)?|\.[0-9][0-9_]*+)(?:[eE][+-]?[0-9][0-9_]*+)?
    |"[^"\\]*+(?:\\.[^"\\]*+)*+"|'[^'\\]*+(?:\\.[^'\\]*+)*+'
    |//[^\n]*+
    |/\*.*?\*/
    |/\*|["']|[^ \t\r\f\v]
    )""",
    re.VERBOSE | re.DOTALL,
)
_groups = re.Match.groups  # a match as the pair ``findall`` would give (for the lazy scan after a '//')

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
_WORD_KIND = {word: word for word in RESERVED_WORDS} | {"undefined": "null"}
# What the lexer does with a token, by its text (names, numbers, strings, comments and errors are not
# in the table: they are told apart by their first character).
_OPERATOR, _OPENER, _CLOSER, _NEWLINE, _WORD = range(5)
_CATEGORY = {op: _OPERATOR for op in "== != <= >= += -= *= /= %= ** && || => - + * % < > = ! ? : ; , . /".split()}
_CATEGORY.update({"(": _OPENER, "[": _OPENER, "{": _OPENER, ")": _CLOSER, "]": _CLOSER, "}": _CLOSER,
                  "\n": _NEWLINE})
_CATEGORY.update({word: _WORD for word in _WORD_KIND})
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_NUMBER_START = frozenset("0123456789.")


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

    The whole text is split by one ``findall``; a ``//`` that turns out to be floor division (rare)
    switches to a lazy scan from just after it, since the eager split took the rest of its line
    for a comment.
    """
    tokens: list[Token] = []
    append = tokens.append
    category = _CATEGORY.get
    word_kind = _WORD_KIND.__getitem__
    operand_words, letters = _OPERAND_WORDS, _LETTERS
    line = 1
    col_base = -1  # index of the first character of the current line, minus one (index = col_base + column)
    end = 1  # column just after the previous token (or line start)
    operand = False  # does the previous token complete an operand?
    stack: list[bool] = []  # per open bracket: does its closer complete an operand?
    push, pop = stack.append, stack.pop
    pieces: Iterable[Any] = _PIECES.findall(source)  # (blanks, token) pairs

    while True:
        for blanks, text in pieces:
            col = end + len(blanks)
            end = col + len(text)
            which = category(text)
            if which is None:  # name, number, string, comment, or an error
                first = text[0]
                if first in letters or (first == "_" and text[:2] != "__"):
                    append(("name", text, line, col))
                    operand = True
                elif first in _NUMBER_START:
                    try:
                        value: int | float = int(text) if text.isdigit() else _number_value(text)
                    except ValueError:
                        raise _number_error(text, source, filename, line, col) from None
                    append(("num", value, line, col))
                    operand = True
                elif (first == '"' or first == "'") and len(text) > 1:  # string
                    body = text[1:-1]
                    append(("str", _ESCAPE.sub(_unescape_one, body) if "\\" in body else body, line, col))
                    operand = True
                    if "\n" in body:
                        line += body.count("\n")
                        last = body.rindex("\n")
                        col_base += col + 1 + last
                        end = len(body) - last + 1
                elif text[:2] == "//":  # floor division after an operand, else a comment to the end of the line
                    if operand:
                        op = "//=" if text[2:3] == "=" else "//"
                        append((op, op, line, col))
                        operand = False
                        end = col + len(op)
                        pieces = map(_groups, _PIECES.finditer(source, col_base + end))
                        break
                elif text[:2] == "/*" and len(text) > 3:  # block comment
                    if "\n" in text:
                        line += text.count("\n")
                        last = text.rindex("\n")
                        col_base += col + last
                        end = len(text) - last
                elif first == "_":
                    raise syntax_error("identifiers beginning with '__' are reserved", source, filename, line, col,
                                       hint="rename it, e.g. without the leading underscores")
                else:
                    _bad_character(text, source, filename, line, col)
            elif which == _OPERATOR:
                operand = False
                if deadline is not None and monotonic() > deadline:
                    raise compile_timeout(filename, line, col)
                append((text, text, line, col))
            elif which == _NEWLINE:
                line += 1
                col_base += col
                end = 1
                if deadline is not None and monotonic() > deadline:
                    raise compile_timeout(filename, line, 1)
            elif which == _WORD:
                kind = word_kind(text)
                append((kind, text, line, col))
                operand = kind in operand_words
            elif which == _CLOSER:
                operand = pop() if stack else True
                append((text, text, line, col))
            else:  # an opener: remember whether its closer will complete an operand
                prev = tokens[-1][0] if tokens else ""
                if text == "(":  # a condition or parameter list is not an operand
                    push(not (prev in _HEADER_PAREN_AFTER
                              or (prev == "name" and len(tokens) > 1 and tokens[-2][0] == "function")))
                elif text == "[":
                    push(True)
                else:
                    push(_brace_completes_operand(prev, source, col_base + col))
                operand = False
                append((text, text, line, col))
        else:
            break

    append(("eof", None, line, len(source) - col_base))
    return tokens, len(stack)


def _brace_completes_operand(prev: str, source: str, index: int) -> bool:
    """Will the ``}`` closing the ``{`` at ``index`` in ``source`` (after a token of kind ``prev``)
    complete an operand? Yes for an object literal or destructuring pattern, no for a block."""
    if prev == "=>":
        return _OBJECT_AFTER_BRACE.match(source, index) is not None
    return prev in _EXPR_BRACE_AFTER


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
