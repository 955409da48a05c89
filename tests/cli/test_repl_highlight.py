"""MLLexer: the Pygments lexer used for REPL highlighting and registered as the `ml` lexer."""

from __future__ import annotations

from pygments.token import Comment, Keyword, Name, Number, Operator, String, Token

from mlpy.cli.repl.highlight import MLLexer


def tokens(source: str) -> list[tuple[object, str]]:
    return [(kind, text) for kind, text in MLLexer().get_tokens(source) if text.strip()]


def test_keywords_names_numbers_and_strings() -> None:
    assert tokens('function f(a) { return a + 1.5e3; }') == [
        (Keyword.Declaration, "function"), (Name.Function, "f"), (Token.Punctuation, "("),
        (Name, "a"), (Token.Punctuation, ")"), (Token.Punctuation, "{"), (Keyword, "return"),
        (Name, "a"), (Operator, "+"), (Number.Float, "1.5e3"), (Token.Punctuation, ";"),
        (Token.Punctuation, "}"),
    ]


def test_constants_and_builtins() -> None:
    assert tokens("print(true, null)")[0] == (Name.Builtin, "print")
    assert (Keyword.Constant, "true") in tokens("print(true, null)")
    assert (Keyword.Constant, "null") in tokens("print(true, null)")


def test_double_slash_after_an_operand_is_floor_division_else_a_comment() -> None:
    assert (Operator, " //") in tokens("x = a // 2;")
    assert tokens("// just a comment") == [(Comment.Single, "// just a comment")]
    assert (Comment.Single, "// note") in tokens("x = 1; // note")


def test_strings_with_escapes_and_block_comments() -> None:
    found = tokens('s = "a\\n\\u00e9"; /* block\n comment */')
    assert (String.Escape, "\\n") in found
    assert (String.Escape, "\\u00e9") in found
    assert (Comment.Multiline, "/*") in found and (Comment.Multiline, "*/") in found


def test_numbers_in_every_form() -> None:
    kinds = [kind for kind, _ in tokens("0x1F 0b101 1_000 .5 5. 1E-2")]
    assert kinds == [Number.Integer, Number.Integer, Number.Integer, Number.Float, Number.Float, Number.Float]


def test_registered_as_a_pygments_lexer() -> None:
    from pygments.lexers import get_lexer_by_name

    assert isinstance(get_lexer_by_name("ml"), MLLexer)
