"""The formatter's layout rules, applied to the token-and-comment stream of ``stream.py``.

Working on tokens rather than on the AST keeps every comment where it was and every parenthesis
the user wrote (the AST forgets both); the AST is only used afterwards to prove nothing changed.
The rules:

- one statement per line; blocks in K&R style (``{`` ends the line of its statement, ``}`` is alone
  on its line or followed by ``else``/``elif``/``except``/``finally``); an empty block is ``{}``;
- four spaces per block level; a line that continues an expression is indented one level more
  than the line where the innermost open bracket was opened (or than its statement when no bracket
  is open), and a line starting with a closing bracket lines up with the line of its opener;
- spaces around binary operators, ``=``, ``=>``, ``?`` and the ternary ``:``; none inside
  brackets, before ``,``/``;``, around ``.``, after a unary ``-``/``!``, in slices, before the
  ``:`` of a key or an annotation; one after ``,``;
- the user's line breaks inside a statement are kept (so long calls and literals keep their
  shape), except before ``,``, ``;``, a block's ``{`` and the ``(``/``[`` of a call or subscript;
- blank lines between statements (and between the items of a bracket broken over lines) are
  kept, at most one in a row, never at the start or end of a block; stray ``;`` (empty statements)
  are dropped;
- comments stay where they were: on their own line (indented like the code around them) or at the
  end of a line; their text is kept as written.
"""

from __future__ import annotations

from dataclasses import dataclass

from mlpy.language.lexer import RESERVED_WORDS
from mlpy.tools.fmt.stream import COMMENT, Item

INDENT = "    "

_OPERAND_END = frozenset({"name", "num", "str", "true", "false", "null", ")", "]"})
_KEYWORDS = RESERVED_WORDS - {"true", "false", "null"}
_HEADER_KEYWORDS = frozenset({"if", "elif", "while", "for", "except"})
_BLOCK_AFTER = frozenset({"else", "try", "finally", "except"})
_CONTINUATIONS = frozenset({"else", "elif", "except", "finally"})
_OPENERS = frozenset("([{")
_CLOSERS = frozenset(")]}")
_NO_BREAK_BEFORE = frozenset({",", ";"})

# Kinds of open brackets.
PAREN, SUBSCRIPT, ARRAY, OBJECT, BLOCK, ARROW_BLOCK, CAPABILITY = (
    "paren", "subscript", "array", "object", "block", "arrow-block", "capability")
_BLOCK_KINDS = frozenset({BLOCK, ARROW_BLOCK, CAPABILITY})


@dataclass(slots=True)
class Frame:
    """One open bracket: its kind, the indent of its contents and of its closer, whether a ``(`` is
    a statement header or parameter list, the ternaries open inside it, and the statement indent
    to restore when an arrow function's block closes."""

    kind: str
    content_indent: int
    closer_indent: int
    header: bool = False
    ternaries: int = 0
    saved_stmt_indent: int = 0


class Printer:
    """Lays out one token stream. Use ``layout(items)``."""

    def __init__(self, items: list[Item]) -> None:
        self.items = items
        # the kinds of the tokens after each item (comments skipped), for one- and two-token lookahead
        self.following: list[tuple[str, str]] = [("eof", "eof")] * len(items)
        ahead = ("eof", "eof")
        for i in range(len(items) - 1, -1, -1):
            self.following[i] = ahead
            if items[i].kind != COMMENT:
                ahead = (items[i].kind, ahead[0])
        self.parts: list[str] = []  # output text; lines are joined by "\n" inside the parts
        self.line_empty = True  # nothing written on the current output line yet
        self.line_has_code = False  # a token (not only comments) written on the current line
        self.line_indent = 0
        self.stack: list[Frame] = [Frame(BLOCK, 0, 0)]  # the program's top level at the bottom
        self.stmt_indent = 0
        self.at_stmt_start = True
        self.prev: Item | None = None  # previous token written (comments excluded)
        self.prev_prev: Item | None = None
        self.prev_unary = False
        self.prev_written: Item | None = None  # previous item written (comments included)
        self.last_closed: Frame | None = None  # the frame the previous token closed
        self.last_opened: Frame | None = None  # the frame the previous token opened
        self.last_colon_ternary = False  # was the previous ':' a ternary's?

    # ------------------------------------------------------------------ output

    def newline(self, indent: int, blank: bool = False) -> None:
        """End the current line (and add a blank one) and start one at ``indent``."""
        if self.parts:
            self.parts.append("\n\n" if blank else "\n")
        self.line_empty = True
        self.line_has_code = False
        self.line_indent = indent

    def write(self, text: str, space: bool) -> None:
        """Append ``text`` to the current line (after a space when ``space`` and the line has text)."""
        if self.line_empty:
            self.parts.append(INDENT * self.line_indent)
        elif space:
            self.parts.append(" ")
        self.parts.append(text)
        self.line_empty = False

    # ------------------------------------------------------------------ the walk

    def layout(self) -> str:
        """The formatted text (ending with one newline, or empty for an empty program)."""
        for index, item in enumerate(self.items):
            if item.kind == COMMENT:
                self.comment(item)
            else:
                self.token(index, item)
        text = "".join(self.parts)
        return text + "\n" if text else ""

    def comment(self, item: Item) -> None:
        """A comment: at the end of the current line if the source had it there, else on its own."""
        if item.breaks_before == 0 and self.parts:
            self.write(item.text, space=True)
        else:
            self.newline(self.indent_for(None), blank=self.blank_line_before(item, None))
            self.write(item.text, space=False)
        self.prev_written = item

    def blank_line_before(self, item: Item, closing: Frame | None) -> bool:
        """Keep a blank line of the source before ``item``? Only one, only between statements or
        between the items of a bracket broken over lines; never after an opening bracket, before a
        closing one or at the start of the file."""
        if item.breaks_before < 2 or closing is not None or self.last_opened is not None or not self.parts:
            return False
        return self.at_stmt_start or self.stack[-1].kind not in _BLOCK_KINDS

    def token(self, index: int, item: Item) -> None:
        """Write one token: on a new line or after the right spacing, then update the brackets,
        the statement state and the ternary count."""
        kind = item.kind
        if kind == ";" and self.at_stmt_start:
            return  # an empty statement
        closing = self.stack[-1] if kind in _CLOSERS else None
        opening = self.classify_opener(index, item) if kind in _OPENERS else None
        if self.breaks_before(item, closing):
            self.newline(self.indent_for(item, closing), blank=self.blank_line_before(item, closing))
            self.write(item.text, space=False)
        else:
            self.write(item.text, space=self.space_before(item, closing))
        self.line_has_code = True
        if self.at_stmt_start and kind not in _CONTINUATIONS:
            self.stmt_indent = self.line_indent
        self.at_stmt_start = False
        self.last_opened = None
        self.last_closed = None
        if opening is not None:
            self.open(opening)
        elif closing is not None:
            self.close(closing, index)
        elif kind == ";" and self.stack[-1].kind in _BLOCK_KINDS:
            self.at_stmt_start = True
        elif kind == "?":
            self.stack[-1].ternaries += 1
        elif kind == ":" and self.stack[-1].ternaries:
            self.stack[-1].ternaries -= 1
        self.prev_unary = kind in ("-", "!") and not self.operand_before()
        self.prev_prev, self.prev = self.prev, item
        self.prev_written = item

    # ------------------------------------------------------------------ brackets

    def classify_opener(self, index: int, item: Item) -> Frame:
        """The frame a ``(``, ``[`` or ``{`` opens (its indents are set in ``open``)."""
        kind = item.kind
        prev = self.prev.kind if self.prev is not None else ""
        if kind == "(":
            header = prev in _HEADER_KEYWORDS or prev == "fn" or (
                prev == "name" and self.prev_prev is not None and self.prev_prev.kind == "function")
            return Frame(PAREN, 0, 0, header=header)
        if kind == "[":
            return Frame(SUBSCRIPT if self.operand_before() else ARRAY, 0, 0)
        if self.at_stmt_start:
            return Frame(OBJECT, 0, 0)  # a destructuring pattern {a, b} = ...
        if prev == ")" and self.last_closed is not None and self.last_closed.header:
            return Frame(BLOCK, 0, 0)
        if prev in _BLOCK_AFTER:
            return Frame(BLOCK, 0, 0)
        if prev == "name" and self.prev_prev is not None and self.prev_prev.kind == "capability":
            return Frame(CAPABILITY, 0, 0)
        if prev == "=>" and not self.object_follows(index):
            return Frame(ARROW_BLOCK, 0, 0)
        return Frame(OBJECT, 0, 0)

    def object_follows(self, index: int) -> bool:
        """After ``=> {``: is the brace an object literal (``{}`` or ``{key: ...``)?"""
        first, second = self.following[index]
        if first == "}":
            return True
        return (first in _KEYWORDS or first in ("name", "str", "true", "false", "null")) and second == ":"

    def open(self, frame: Frame) -> None:
        """Push ``frame`` with its indents: a statement's block is indented from its statement, an
        arrow function's block and any other bracket from the line it opens on."""
        if frame.kind == BLOCK or frame.kind == CAPABILITY:
            frame.closer_indent = self.stmt_indent
            frame.content_indent = self.stmt_indent + 1
            self.at_stmt_start = True
        elif frame.kind == ARROW_BLOCK:
            frame.closer_indent = self.line_indent
            frame.content_indent = self.line_indent + 1
            frame.saved_stmt_indent = self.stmt_indent
            self.at_stmt_start = True
        else:
            frame.closer_indent = self.line_indent
            frame.content_indent = self.line_indent + 1
        self.stack.append(frame)
        self.last_opened = frame

    def close(self, frame: Frame, index: int) -> None:
        """Pop ``frame``; after a statement's block a new statement starts (unless ``else``,
        ``elif``, ``except`` or ``finally`` continues it)."""
        self.stack.pop()
        self.last_closed = frame
        if frame.kind == ARROW_BLOCK:
            self.stmt_indent = frame.saved_stmt_indent
        elif frame.kind in (BLOCK, CAPABILITY):
            if self.following[index][0] not in _CONTINUATIONS:
                self.at_stmt_start = True

    # ------------------------------------------------------------------ line breaks and spaces

    def operand_before(self) -> bool:
        """Does the previous token end an operand (so ``-`` is binary, ``(`` a call, ``[`` an index)?"""
        prev = self.prev
        if prev is None:
            return False
        if prev.kind == "}":
            return self.last_closed is not None and self.last_closed.kind in (OBJECT, ARROW_BLOCK)
        return prev.kind in _OPERAND_END

    def breaks_before(self, item: Item, closing: Frame | None) -> bool:
        """Must (or, keeping the source's break, may) ``item`` start a new line?"""
        if not self.parts:
            return False
        if self.prev_written is not None and self.prev_written.is_line_comment:
            return True
        kind = item.kind
        if closing is not None and closing.kind in _BLOCK_KINDS:
            # an empty block stays {}; any other block ends on a line of its own
            return not (self.last_opened is closing and self.prev_written is self.prev)
        if self.at_stmt_start:
            # a statement may follow a /* comment */ on the comment's line, if it did in the source
            return self.line_has_code or item.breaks_before > 0
        if item.breaks_before == 0 or kind in _NO_BREAK_BEFORE:
            return False
        if kind in _CONTINUATIONS and self.prev is not None and self.prev.kind == "}":
            return False
        if kind in ("(", "[") and self.operand_before():
            return False
        return not (kind == "{" and self.opens_block_here())

    def opens_block_here(self) -> bool:
        """Would a ``{`` here open a block (kept on the line of its statement: K&R)?"""
        prev = self.prev.kind if self.prev is not None else ""
        return (prev == ")" and self.last_closed is not None and self.last_closed.header) or (
            prev in _BLOCK_AFTER or prev == "=>")

    def indent_for(self, item: Item | None, closing: Frame | None = None) -> int:
        """The indent of a new line starting with ``item`` (None: a comment)."""
        if closing is not None:
            return closing.closer_indent
        if self.at_stmt_start:
            return self.stack[-1].content_indent
        if item is not None and item.kind in _CONTINUATIONS:
            return self.stmt_indent
        if self.stack[-1].kind not in _BLOCK_KINDS:
            return self.stack[-1].content_indent
        return self.stmt_indent + 1

    def space_before(self, item: Item, closing: Frame | None) -> bool:
        """Is there a space between the previous item and ``item`` on one line?"""
        written = self.prev_written
        if written is None:
            return False
        if written.kind == COMMENT:
            return True
        kind, prev = item.kind, written.kind
        if kind in (",", ";", ")", "]"):
            return False
        if kind == "}":
            return closing is not None and closing.kind in _BLOCK_KINDS and self.last_opened is not closing
        if prev in ("(", "["):
            return False
        if prev == "{":
            return self.last_opened is not None and self.last_opened.kind in _BLOCK_KINDS
        if kind == "." or prev == ".":
            return False
        if kind == ":":
            return self.ternary_colon()
        if prev == ":":
            return not (self.stack[-1].kind == SUBSCRIPT and not self.last_colon_ternary)
        if self.prev_unary:
            return False
        if kind == "(":
            return not (self.operand_before() or prev == "fn" or self.prev_is_function_name())
        if kind == "[":
            return not self.operand_before()
        return True

    def ternary_colon(self) -> bool:
        """Is the ``:`` about to be written the ``:`` of a ternary (spaced) rather than of a key,
        annotation or slice (not spaced before)?"""
        self.last_colon_ternary = self.stack[-1].ternaries > 0
        return self.last_colon_ternary

    def prev_is_function_name(self) -> bool:
        """Is the previous token the name in ``function name``?"""
        return (self.prev is not None and self.prev.kind == "name" and self.prev_prev is not None
                and self.prev_prev.kind == "function")


def layout(items: list[Item]) -> str:
    """The canonical text of a token-and-comment stream."""
    return Printer(items).layout()


__all__ = ["INDENT", "layout"]
