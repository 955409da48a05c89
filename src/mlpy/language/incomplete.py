"""Deciding whether a REPL entry needs more lines before it can be parsed.

The REPL keeps reading while the input ends inside an open bracket, brace or parenthesis, an
unterminated string or an unterminated block comment. Input that is complete, or that has a syntax
error more input cannot fix (a mismatched bracket, a bad token), is handed over at once so the user
sees the result or the error.
"""

from __future__ import annotations

from mlpy.errors import MLSyntaxError
from mlpy.language.diagnostics import IncompleteInputError
from mlpy.language.lexer import tokenize
from mlpy.language.parser import parse


def is_incomplete(source: str) -> bool:
    """True when ``source`` stops inside an open bracket/string/comment and more input could fix it."""
    try:
        _, open_brackets = tokenize(source)
    except IncompleteInputError:
        return True  # unterminated string or block comment
    except MLSyntaxError:
        return False
    if open_brackets == 0:
        return False
    try:
        parse(source)
    except IncompleteInputError:
        return True  # the parser ran out of input inside the open bracket
    except MLSyntaxError:
        return False  # a real error before the end: more input cannot fix it
    return False
