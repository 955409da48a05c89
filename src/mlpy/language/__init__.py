"""mlpy.language: ML source text to AST.

``parse(source, filename)`` returns a ``nodes.Program`` or raises ``MLSyntaxError`` with the
position and an ML-worded message; ``parse_with_recovery(source, filename)`` returns the program
and every syntax error instead (for tools); ``is_incomplete(source)`` tells the REPL whether an entry needs
more lines. The lexer and parser are hand-written (one master regex, recursive descent) for speed.
"""

from __future__ import annotations

from mlpy.language.incomplete import is_incomplete
from mlpy.language.lexer import RESERVED_WORDS, tokenize
from mlpy.language.parser import parse, parse_with_recovery

__all__ = ["RESERVED_WORDS", "is_incomplete", "parse", "parse_with_recovery", "tokenize"]
