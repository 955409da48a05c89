"""A Pygments lexer for ML, used by the REPL's syntax highlighting and by ``pygmentize -l ml``.

It is a plain regex lexer: highlighting must be fast on every keystroke and must not need the real
parser (the line being typed is usually incomplete). pyproject registers it as the entry point
``mlpy.cli.highlight:MLLexer``.
"""

from __future__ import annotations

from pygments.lexer import RegexLexer, bygroups, default, words
from pygments.token import (
    Comment,
    Keyword,
    Name,
    Number,
    Operator,
    Punctuation,
    String,
    Text,
    Whitespace,
)

from mlpy.compiler.builtin_names import BUILTIN_NAMES

KEYWORDS: tuple[str, ...] = (
    "function", "if", "elif", "else", "while", "for", "in", "return", "break", "continue", "try",
    "except", "finally", "throw", "import", "as", "nonlocal", "capability", "fn",
)
"""The reserved words of ML other than the constants."""

CONSTANTS: tuple[str, ...] = ("true", "false", "null", "undefined")


class MLLexer(RegexLexer):
    """Tokenizes ML source: comments, strings with escapes, numbers, keywords, builtins, operators."""

    name = "ML"
    aliases = ["ml", "mlpy"]
    filenames = ["*.ml"]
    mimetypes = ["text/x-mlpy"]

    tokens = {
        "root": [
            (r"\s+", Whitespace),
            (r"/\*", Comment.Multiline, "block_comment"),
            # After an operand `//` is floor division; the operand rules below consume it first.
            (r"//[^\n]*", Comment.Single),
            (r'"', String.Double, "dq_string"),
            (r"'", String.Single, "sq_string"),
            (r"(function)(\s+)([A-Za-z_][A-Za-z0-9_]*)", bygroups(Keyword.Declaration, Whitespace, Name.Function)),
            (words(KEYWORDS, suffix=r"\b"), Keyword),
            (words(CONSTANTS, suffix=r"\b"), Keyword.Constant),
            (words(tuple(sorted(BUILTIN_NAMES)), suffix=r"\b"), Name.Builtin),
            (r"0[xX][0-9a-fA-F_]+|0[bB][01_]+", Number.Integer, "after_operand"),
            (r"(\d[\d_]*\.\d*|\.\d+)([eE][+-]?\d+)?|\d[\d_]*[eE][+-]?\d+", Number.Float, "after_operand"),
            (r"\d[\d_]*", Number.Integer, "after_operand"),
            (r"[A-Za-z_][A-Za-z0-9_]*", Name, "after_operand"),
            (r"[)\]}]", Punctuation, "after_operand"),
            (r"=>|\*\*|==|!=|<=|>=|&&|\|\||[-+*/%<>=!?:]=?", Operator),
            (r"[(\[{},;.]", Punctuation),
            (r".", Text),
        ],
        "after_operand": [
            (r"[ \t]*//(?!/)", Operator, "#pop"),
            default("#pop"),
        ],
        "block_comment": [
            (r"[^*]+", Comment.Multiline),
            (r"\*/", Comment.Multiline, "#pop"),
            (r"\*", Comment.Multiline),
        ],
        "dq_string": [
            (r'\\(u[0-9a-fA-F]{4}|.)', String.Escape),
            (r'[^"\\]+', String.Double),
            (r'"', String.Double, "#pop"),
        ],
        "sq_string": [
            (r"\\(u[0-9a-fA-F]{4}|.)", String.Escape),
            (r"[^'\\]+", String.Single),
            (r"'", String.Single, "#pop"),
        ],
    }


__all__ = ["CONSTANTS", "KEYWORDS", "MLLexer"]
