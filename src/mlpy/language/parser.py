"""The ML parser: tokens to an AST (``nodes.Program``), by recursive descent with precedence climbing.

Hand-written for speed (>= 50,000 compiled lines/s end to end) and for error messages worded in ML
terms ("expected ')' to close '(' opened at line 3"), never in grammar-internal ones. Binary
operators are parsed by precedence climbing over the table ``_BINARY_PRECEDENCE``; ``**``, unary
operators, the ternary and arrow functions have their own small functions because their
associativity rules differ.

Two modes share one parser. ``parse`` stops at the first syntax error (what ``mlpy run`` needs).
``parse_with_recovery`` (for ``mlpy check``, the language server and the formatter's callers) reports
every syntax error of a file, each once: errors after which the parse can simply go on (a missing
``;`` at the end of a line, ``else if``, ``return`` outside a function...) are recorded in place, and
any other error abandons the statement it occurs in and skips ahead to the next statement boundary
(panic mode: a ``;``, the ``}`` of the enclosing block, a block closed before a new statement, or a
statement keyword), so one mistake never cascades into a string of follow-up errors.
"""

from __future__ import annotations

from typing import NamedTuple

from mlpy.errors import MLSyntaxError
from mlpy.language import nodes as n
from mlpy.language.deadline import compile_timeout, monotonic
from mlpy.language.diagnostics import IncompleteInputError, source_line_at, syntax_error
from mlpy.language.lexer import RESERVED_WORDS, Token, tokenize

# Binary operators, loosest first. All are left-associative; comparisons therefore do not chain.
_BINARY_PRECEDENCE: dict[str, int] = {
    "||": 1,
    "&&": 2,
    "==": 3, "!=": 3,
    "<": 4, ">": 4, "<=": 4, ">=": 4,
    "+": 5, "-": 5,
    "*": 6, "/": 6, "//": 6, "%": 6,
}
_AUG_OPS = {"+=": "+", "-=": "-", "*=": "*", "/=": "/", "//=": "//", "%=": "%"}
_WORD_KINDS = RESERVED_WORDS | {"name"}  # tokens usable as member names and object keys
_ASSIGN_HINT = "assign to a name, an element a[i], a slice a[i:j] or a member o.k"
_CLOSERS = {"(": ")", "[": "]", "{": "}"}
_OPENER_NAMES = {"(": "'('", "[": "'['", "{": "'{'"}
# Recovery: keywords that can only start a statement (a safe place to resume after an error), and
# the tokens after which a '}' that closed a block is known to end a statement.
_STATEMENT_KEYWORDS = frozenset(
    "if while for function return break continue nonlocal throw try import capability".split()
)
_AFTER_BLOCK = _STATEMENT_KEYWORDS | {"name", "}", "eof"}
_ASSIGN_OPS = frozenset({"=", "+=", "-=", "*=", "/=", "//=", "%="})
_ASSIGNABLE = (n.Name, n.Index, n.Slice, n.Member)  # targets of '=' and of augmented assignment
_POSTFIX = frozenset({"(", ".", "[", "**"})  # tokens that extend an operand: call, member, index, power
_EXPR_TAIL = frozenset(_BINARY_PRECEDENCE) | {"?"}  # tokens that continue an expression after an operand
# The commonest nodes are built by setting every field of a bare instance: about a third cheaper than
# calling the class, whose dataclass ``__init__`` is a Python function called from C.
# tests/language/test_parser_nodes.py checks that such nodes equal what the class builds.
_new = object.__new__
_Name, _Number, _String, _Binary, _Call, _Assign = n.Name, n.Number, n.String, n.Binary, n.Call, n.Assign
_ExprStmt, _Member, _Index, _Logical = n.ExprStmt, n.Member, n.Index, n.Logical


def describe(tok: Token) -> str:
    """How a token is named in an error message: ``'}'``, ``'foo'``, ``a string``, ``end of input``."""
    kind = tok[0]
    if kind == "eof":
        return "end of input"
    if kind == "str":
        return "a string"
    if kind == "num":
        return f"number {tok[1]!r}"
    return f"'{tok[1]}'"


class Parser:
    """Parses one source text. Use ``parse()``; an instance is single-use."""

    __slots__ = ("source", "filename", "toks", "pos", "tok", "loop_depth", "func_depth", "block_depth",
                 "errors", "skipped", "deadline")

    def __init__(self, source: str, filename: str = "<ml>", tokens: list[Token] | None = None, *,
                 recover: bool = False, deadline: float | None = None) -> None:
        self.source = source
        self.filename = filename
        # A ``time.monotonic()`` value past which parsing stops with ``MLTimeoutError`` (checked per
        # statement, list item and binary operator; see mlpy.language.deadline).
        self.deadline = deadline
        self.toks = tokenize(source, filename, deadline=deadline)[0] if tokens is None else tokens
        self.pos = 0
        self.tok: Token = self.toks[0]
        self.loop_depth = 0  # loops enclosing the current statement, within the current function
        self.func_depth = 0  # functions enclosing the current statement
        self.block_depth = 0  # blocks enclosing the current statement (0 = top level)
        # Recovering: the errors found so far, and the token ranges skipped after them. None when
        # parsing strictly (the first error is raised).
        self.errors: list[MLSyntaxError] | None = [] if recover else None
        self.skipped: list[tuple[int, int]] = []

    # ------------------------------------------------------------------ helpers

    def advance(self) -> Token:
        """Consume the current token and return it."""
        tok = self.tok
        self.pos += 1
        self.tok = self.toks[self.pos]
        return tok

    def peek(self, offset: int = 1) -> Token:
        """The token ``offset`` places after the current one (``eof`` past the end)."""
        i = self.pos + offset
        toks = self.toks
        return toks[i] if i < len(toks) else toks[-1]

    def error(self, message: str, tok: Token | None = None, hint: str | None = None) -> MLSyntaxError:
        """A syntax error at ``tok`` (default: the current token). At end of input the message says so."""
        tok = tok or self.tok
        incomplete = tok[0] == "eof"
        if incomplete and not message.startswith("unexpected end of input"):
            message = "unexpected end of input: " + message
        line, col = tok[2], tok[3]
        if incomplete and self.pos > 0:
            line, col = self.end_of_previous()
        return syntax_error(message, self.source, self.filename, line, col, hint=hint,
                            incomplete=incomplete)

    def end_of_previous(self) -> tuple[int, int]:
        """The position just after the previous token (where a missing ``;`` or closer belongs)."""
        prev = self.toks[self.pos - 1]
        if prev[0] == "string":  # its source text may differ from its value: point at its start
            return prev[2], prev[3]
        return prev[2], prev[3] + len(str(prev[1]))

    def expect(self, kind: str, message: str) -> Token:
        """Consume a token of ``kind`` or raise ``message`` at the current token."""
        if self.tok[0] != kind:
            raise self.error(message)
        tok = self.tok
        self.pos += 1
        self.tok = self.toks[self.pos]
        return tok

    def expect_closer(self, opener: Token) -> Token:
        """Consume the bracket closing ``opener`` or say which bracket was left open, and where."""
        closer = _CLOSERS[opener[0]]
        if self.tok[0] != closer:
            raise self.error(f"expected '{closer}' to close {_OPENER_NAMES[opener[0]]} opened at line {opener[2]}")
        tok = self.tok
        self.pos += 1
        self.tok = self.toks[self.pos]
        return tok

    def expect_name(self, what: str) -> Token:
        """Consume an identifier; a reserved word in its place gets a specific message."""
        tok = self.tok
        if tok[0] == "name":
            tok = self.tok
            self.pos += 1
            self.tok = self.toks[self.pos]
            return tok
        if tok[0] in RESERVED_WORDS:
            raise self.error(f"'{tok[1]}' is a reserved word and cannot be used as {what}")
        raise self.error(f"expected {what}, found {describe(tok)}")

    def out_of_time(self) -> bool:
        """True once the compile deadline has passed (then ``timeout_error`` is raised)."""
        return self.deadline is not None and monotonic() > self.deadline

    def timeout_error(self) -> Exception:
        """The compile-timeout error, positioned at the current token."""
        return compile_timeout(self.filename, self.tok[2], self.tok[3])

    def report(self, error: MLSyntaxError) -> None:
        """An error after which parsing can go on as if it were fixed: raised when parsing strictly,
        recorded when recovering."""
        if self.errors is None:
            raise error
        self.errors.append(error)

    def end_statement(self) -> None:
        """Consume the ``;`` that ends a simple statement."""
        if self.tok[0] != ";":
            if self.pos > 0 and self.tok[2] > self.toks[self.pos - 1][2]:
                # The line ends without ';': the next line is most likely a new statement.
                line, col = self.end_of_previous()
                self.report(syntax_error("expected ';' after the statement", self.source, self.filename,
                                         line, col, hint="end the statement with ';'"))
                return
            raise self.error("expected ';' after the statement")
        self.pos += 1
        self.tok = self.toks[self.pos]

    # ------------------------------------------------------------------ statements

    def parse_program(self) -> n.Program:
        """``statement*`` up to end of input."""
        body = self.parse_statements_until("eof")
        return n.Program(1, 1, body, self.filename)

    def parse_statements_until(self, closer: str) -> list[n.Stmt]:
        """Statements up to (not including) a token of kind ``closer``."""
        if self.errors is not None:
            return self.parse_statements_recovering(closer, self.errors)
        body: list[n.Stmt] = []
        append = body.append
        # parse_statement, unrolled: this loop runs once per statement of the program
        dispatch = _STATEMENT_DISPATCH.get
        simple = self.parse_simple_statement
        deadline = self.deadline
        while True:
            kind = self.tok[0]
            if kind == closer or kind == "eof":  # at end of input the caller reports the unclosed block
                return body
            if kind == ";":  # a stray ';' (e.g. after a block) is an empty statement
                self.pos += 1
                self.tok = self.toks[self.pos]
                continue
            if deadline is not None and monotonic() > deadline:
                raise self.timeout_error()
            handler = dispatch(kind)
            if handler is not None:
                append(handler(self))
            elif kind == "{" and self.at_object_pattern():
                append(self.parse_object_destructure())
            else:
                append(simple())

    def parse_statements_recovering(self, closer: str, errors: list[MLSyntaxError]) -> list[n.Stmt]:
        """``parse_statements_until`` that records a statement's error, skips to the next statement
        boundary and goes on. The statement with the error is left out of the returned body."""
        body: list[n.Stmt] = []
        while self.tok[0] != closer:
            if self.tok[0] == "eof":
                return body
            if self.tok[0] == ";":
                self.advance()
                continue
            start = self.pos
            depths = (self.loop_depth, self.func_depth, self.block_depth)
            try:
                body.append(self.parse_statement())
            except MLSyntaxError as error:
                errors.append(error)
                self.loop_depth, self.func_depth, self.block_depth = depths
                self.synchronize(start)
        return body

    def synchronize(self, start: int) -> None:
        """Skip from the failure point to where the next statement can begin (panic mode).

        ``(`` and ``[`` still open at the failure are taken to be the mistake (a closer was left
        out); a ``{`` still open is an object literal or capability block, skipped to its ``}``.
        Brackets opened after the failure are skipped whole. The skip stops after a ``;``, before the
        ``}`` of the enclosing block, after a ``}`` that closes a block followed by a new statement,
        and before a statement keyword or a ``name =`` that starts a new line. It always moves
        forward, so a stray token can never stop the parse.
        """
        toks = self.toks
        failed_at = max(self.pos, start)
        depth = 0
        for tok in toks[start:failed_at]:
            if tok[0] == "{":
                depth += 1
            elif tok[0] == "}" and depth:
                depth -= 1
        last = len(toks) - 1  # the eof token
        i = failed_at
        while i < last:
            kind = toks[i][0]
            if depth == 0 and i > start:
                if kind == ";":
                    i += 1
                    break
                if kind == "}" or kind in _STATEMENT_KEYWORDS:
                    break
                if kind == "name" and toks[i][2] > toks[i - 1][2] and toks[i + 1][0] in _ASSIGN_OPS:
                    break
            if kind in _CLOSERS:
                depth += 1
            elif kind == ")" or kind == "]" or kind == "}":
                if depth:
                    depth -= 1
                    if depth == 0 and kind == "}" and toks[i + 1][0] in _AFTER_BLOCK:
                        i += 1
                        break
            i += 1
        if i == start:
            i += 1  # a token no statement can start with (a stray '}'): skip it
        self.skipped.append((start, i))
        self.pos = i
        self.tok = toks[i]

    def parse_block(self, what: str = "the block") -> list[n.Stmt]:
        """``{ statement* }``."""
        opener = self.tok
        if opener[0] != "{":
            raise self.error(f"expected '{{' to start {what}",
                             hint="braces are required around every body in ML")
        self.pos += 1
        self.tok = self.toks[self.pos]
        self.block_depth += 1
        body = self.parse_statements_until("}")
        self.block_depth -= 1
        if self.tok[0] != "}":  # end of input: keep what the block holds when recovering
            self.report(self.error(f"expected '}}' to close the block opened at line {opener[2]}"))
            return body
        self.pos += 1
        self.tok = self.toks[self.pos]
        return body

    def parse_loop_body(self) -> list[n.Stmt]:
        """A block inside which ``break``/``continue`` are allowed."""
        self.loop_depth += 1
        try:
            return self.parse_block("the loop body")
        finally:
            self.loop_depth -= 1

    def parse_function_body(self) -> list[n.Stmt]:
        """A function's block: ``return`` allowed, enclosing loops no longer count."""
        saved_loops = self.loop_depth
        self.loop_depth = 0
        self.func_depth += 1
        try:
            return self.parse_block("the function body")
        finally:
            self.loop_depth = saved_loops
            self.func_depth -= 1

    def parse_statement(self) -> n.Stmt:
        """One statement, dispatched on its first token."""
        if self.deadline is not None and self.out_of_time():
            raise self.timeout_error()
        kind = self.tok[0]
        handler = _STATEMENT_DISPATCH.get(kind)
        if handler is not None:
            return handler(self)
        if kind == "{" and self.at_object_pattern():
            return self.parse_object_destructure()
        return self.parse_simple_statement()

    def parse_simple_statement(self) -> n.Stmt:
        """Expression statement, assignment, augmented assignment or array destructuring."""
        start = self.tok
        expr = self.parse_unary()
        kind = self.tok[0]
        if kind in _EXPR_TAIL:
            expr = self.parse_expr_tail(expr)
            kind = self.tok[0]
        if kind == "=":
            self.pos += 1
            self.tok = self.toks[self.pos]
            value = self.parse_unary()
            kind = self.tok[0]
            if kind in _EXPR_TAIL:
                value = self.parse_expr_tail(value)
                kind = self.tok[0]
            if kind == ";":  # end_statement, inline
                self.pos += 1
                self.tok = self.toks[self.pos]
            else:
                self.end_statement()
            if isinstance(expr, _ASSIGNABLE):
                assign = _new(_Assign)  # n.Assign(line, col, target, value)
                assign.line, assign.col, assign.target, assign.value = expr.line, expr.col, expr, value
                return assign
            if isinstance(expr, n.Array) and expr.items and all(isinstance(t, n.Name) for t in expr.items):
                return n.ArrayDestructure(expr.line, expr.col, list(expr.items), value)  # type: ignore[arg-type]
            self.report(self.error("cannot assign to this expression", start, hint=_ASSIGN_HINT))
            return n.ExprStmt(value.line, value.col, value)  # recovering: keep the value's names
        aug = _AUG_OPS.get(kind)
        if aug is not None:
            self.pos += 1
            self.tok = self.toks[self.pos]
            assignable = isinstance(expr, _ASSIGNABLE)
            if not assignable:
                self.report(self.error("cannot assign to this expression", start, hint=_ASSIGN_HINT))
            value = self.parse_expr()
            self.end_statement()
            if not assignable:
                return n.ExprStmt(value.line, value.col, value)
            return n.AugAssign(expr.line, expr.col, expr, aug, value)
        if kind == ";":  # end_statement, inline
            self.pos += 1
            self.tok = self.toks[self.pos]
        else:
            self.end_statement()
        stmt = _new(_ExprStmt)  # n.ExprStmt(line, col, expr)
        stmt.line, stmt.col, stmt.expr = expr.line, expr.col, expr
        return stmt

    def at_object_pattern(self) -> bool:
        """Is the ``{`` here the start of ``{a, b} = e;``?"""
        i = self.pos + 1
        toks = self.toks
        while True:
            if toks[i][0] != "name":
                return False
            i += 1
            if toks[i][0] == ",":
                i += 1
                if toks[i][0] == "}":
                    break
                continue
            if toks[i][0] == "}":
                break
            return False
        return toks[i + 1][0] == "="

    def parse_object_destructure(self) -> n.Stmt:
        """``{a, b} = value;``."""
        opener = self.advance()
        targets: list[n.Name] = []
        while self.tok[0] == "name":
            t = self.advance()
            targets.append(n.Name(t[2], t[3], t[1]))  # type: ignore[arg-type]
            if self.tok[0] == ",":
                self.advance()
        self.advance()  # '}' (checked by at_object_pattern)
        self.advance()  # '='
        value = self.parse_expr()
        self.end_statement()
        return n.ObjectDestructure(opener[2], opener[3], targets, value)

    def parse_condition(self, keyword: str) -> n.Expr:
        """``( expr )`` after if/elif/while."""
        if self.tok[0] != "(":
            raise self.error(f"expected '(' after '{keyword}'", hint=f"write {keyword} (condition) {{ ... }}")
        opener = self.tok
        self.pos += 1
        self.tok = self.toks[self.pos]
        cond = self.parse_expr()
        self.expect_closer(opener)
        return cond

    def parse_if(self) -> n.Stmt:
        """``if (c) {..} elif (d) {..} else {..}``."""
        start = self.tok
        self.pos += 1
        self.tok = self.toks[self.pos]
        cond = self.parse_condition("if")
        branches = [n.IfBranch(start[2], start[3], cond, self.parse_block())]
        orelse = None
        while True:
            kind = self.tok[0]
            if kind == "elif":
                tok = self.tok
                self.pos += 1
                self.tok = self.toks[self.pos]
                cond = self.parse_condition("elif")
                branches.append(n.IfBranch(tok[2], tok[3], cond, self.parse_block()))
            elif kind == "else":
                tok = self.tok
                self.pos += 1
                self.tok = self.toks[self.pos]
                if self.tok[0] == "if":  # recovering: read it as the 'elif' it means
                    self.report(self.error("'else if' is not ML: write 'elif'", tok,
                                           hint="replace 'else if (...)' with 'elif (...)'"))
                    self.pos += 1
                    self.tok = self.toks[self.pos]
                    cond = self.parse_condition("elif")
                    branches.append(n.IfBranch(tok[2], tok[3], cond, self.parse_block()))
                    continue
                orelse = self.parse_block()
                break
            else:
                break
        return n.If(start[2], start[3], branches, orelse)

    def parse_while(self) -> n.Stmt:
        """``while (c) {..}``."""
        start = self.tok
        self.pos += 1
        self.tok = self.toks[self.pos]
        cond = self.parse_condition("while")
        return n.While(start[2], start[3], cond, self.parse_loop_body())

    def parse_for(self) -> n.Stmt:
        """``for (x in e) {..}``."""
        start = self.tok
        self.pos += 1
        self.tok = self.toks[self.pos]
        if self.tok[0] != "(":
            raise self.error("expected '(' after 'for'", hint="write for (item in items) { ... }")
        opener = self.tok
        self.pos += 1
        self.tok = self.toks[self.pos]
        name = self.expect_name("the loop variable")
        self.expect("in", "expected 'in' after the loop variable")
        iterable = self.parse_expr()
        self.expect_closer(opener)
        target = n.Name(name[2], name[3], name[1])  # type: ignore[arg-type]
        return n.For(start[2], start[3], target, iterable, self.parse_loop_body())

    def parse_break_continue(self) -> n.Stmt:
        """``break;`` / ``continue;`` (only inside a loop of the current function)."""
        tok = self.advance()
        if self.loop_depth == 0:
            self.report(self.error(f"'{tok[0]}' outside a loop", tok))
        self.end_statement()
        cls = n.Break if tok[0] == "break" else n.Continue
        return cls(tok[2], tok[3])

    def parse_params(self) -> list[n.Param]:
        """``( a, b: T, ... )``; annotation source text is recorded, never evaluated."""
        if self.tok[0] != "(":
            raise self.error("expected '(' to start the parameter list")
        opener = self.tok
        self.pos += 1
        self.tok = self.toks[self.pos]
        params: list[n.Param] = []
        seen: set[str] = set()
        while self.tok[0] != ")":
            tok = self.expect_name("a parameter name")
            if tok[1] in seen:
                self.report(self.error(f"duplicate parameter '{tok[1]}'", tok))
            seen.add(tok[1])  # type: ignore[arg-type]
            annotation = None
            if self.tok[0] == ":":
                self.pos += 1
                self.tok = self.toks[self.pos]
                annotation = self.parse_annotation()
            params.append(n.Param(tok[2], tok[3], tok[1], annotation))  # type: ignore[arg-type]
            if self.tok[0] == ",":
                self.pos += 1
                self.tok = self.toks[self.pos]
            elif self.tok[0] != ")":
                self.expect_closer(opener)  # raises: a ',' or ')' was expected
        self.pos += 1
        self.tok = self.toks[self.pos]
        return params

    def parse_annotation(self) -> str:
        """A type annotation: a name, optionally dotted and with ``[..]`` arguments; returns its text."""
        parts: list[str] = []
        depth = 0
        while True:
            kind = self.tok[0]
            if kind == "eof":
                raise self.error("expected a type after ':'")
            if depth == 0 and kind in (",", ")"):
                break
            if kind == "[":
                depth += 1
            elif kind == "]":
                depth -= 1
            elif kind not in _WORD_KINDS and kind not in (".", ",", "|", "str"):
                raise self.error(f"unexpected {describe(self.tok)} in a type annotation")
            tok = self.advance()
            parts.append(repr(tok[1]) if kind == "str" else str(tok[1]))
        if not parts:
            raise self.error("expected a type after ':'")
        text = ""
        for part in parts:
            text += part + (" " if part == "," else "")
        return text

    def parse_function(self) -> n.Stmt:
        """``function name(params) {..}``."""
        start = self.tok
        self.pos += 1
        self.tok = self.toks[self.pos]
        name = self.expect_name("a function name")
        params = self.parse_params()
        body = self.parse_function_body()
        return n.FunctionDef(start[2], start[3], name[1], params, body, name[3])  # type: ignore[arg-type]

    def parse_return(self) -> n.Stmt:
        """``return;`` / ``return e;``."""
        tok = self.tok
        self.pos += 1
        self.tok = self.toks[self.pos]
        if self.func_depth == 0:
            self.report(self.error("'return' outside a function", tok))
        value = None
        if self.tok[0] != ";":
            value = self.parse_expr()
        self.end_statement()
        return n.Return(tok[2], tok[3], value)

    def parse_nonlocal(self) -> n.Stmt:
        """``nonlocal a, b;``."""
        tok = self.advance()
        names: list[n.Name] = []
        while True:
            name = self.expect_name("a variable name")
            names.append(n.Name(name[2], name[3], name[1]))  # type: ignore[arg-type]
            if self.tok[0] != ",":
                break
            self.advance()
        self.end_statement()
        return n.Nonlocal(tok[2], tok[3], names)

    def parse_throw(self) -> n.Stmt:
        """``throw e;``."""
        tok = self.advance()
        if self.tok[0] == ";":
            raise self.error("expected a value after 'throw'")
        value = self.parse_expr()
        self.end_statement()
        return n.Throw(tok[2], tok[3], value)

    def parse_try(self) -> n.Stmt:
        """``try {..} except (e: T) {..} ... finally {..}``."""
        start = self.advance()
        body = self.parse_block()
        handlers: list[n.ExceptClause] = []
        while self.tok[0] == "except":
            tok = self.advance()
            name = error_type = None
            if self.tok[0] == "(":
                opener = self.advance()
                name = self.expect_name("the error variable")[1]
                if self.tok[0] == ":":
                    self.advance()
                    error_type = self.expect_name("an error type")[1]
                self.expect_closer(opener)
            handlers.append(n.ExceptClause(tok[2], tok[3], name, error_type, self.parse_block()))  # type: ignore[arg-type]
        finalbody = None
        if self.tok[0] == "finally":
            self.advance()
            finalbody = self.parse_block()
        if not handlers and finalbody is None:
            self.report(self.error("expected 'except' or 'finally' after the 'try' block"))
        return n.Try(start[2], start[3], body, handlers, finalbody)

    def parse_import(self) -> n.Stmt:
        """``import a.b.c;`` / ``import a.b.c as m;`` (top level only)."""
        tok = self.advance()
        if self.block_depth:
            self.report(self.error("'import' is only allowed at the top level", tok))
        path = [self.expect_name("a module name")[1]]
        while self.tok[0] == ".":
            self.advance()
            path.append(self.expect_name("a module name")[1])
        alias = None
        if self.tok[0] == "as":
            self.advance()
            alias = self.expect_name("a name after 'as'")[1]
        self.end_statement()
        return n.Import(tok[2], tok[3], path, alias)  # type: ignore[arg-type]

    def parse_capability(self) -> n.Stmt:
        """``capability Name { resource "p"; allow read "p"; }``."""
        tok = self.advance()
        name = self.expect_name("a capability name")
        if self.tok[0] != "{":
            raise self.error("expected '{' after the capability name")
        opener = self.advance()
        items: list[n.CapabilityItem] = []
        while self.tok[0] != "}":
            if self.tok[0] == "eof":
                raise self.error(f"expected '}}' to close the block opened at line {opener[2]}")
            if self.tok[0] == ";":
                self.advance()
                continue
            kind_tok = self.expect_name("a capability entry such as 'resource' or 'allow'")
            words: list[str] = []
            while self.tok[0] in _WORD_KINDS:
                words.append(self.advance()[1])  # type: ignore[arg-type]
            args: list[str] = []
            while self.tok[0] == "str":
                args.append(self.advance()[1])  # type: ignore[arg-type]
                if self.tok[0] == ",":
                    self.advance()
                    if self.tok[0] != "str":
                        raise self.error("expected a string after ','")
            if self.tok[0] != ";":
                raise self.error(f"expected a quoted string or ';' in the capability entry, found {describe(self.tok)}")
            self.advance()
            items.append(n.CapabilityItem(kind_tok[2], kind_tok[3], kind_tok[1], words, args))  # type: ignore[arg-type]
        self.advance()
        return n.CapabilityDecl(tok[2], tok[3], name[1], items)  # type: ignore[arg-type]

    def parse_stray(self) -> n.Stmt:
        """A token that can only continue a statement (``else``, ``except``...) at statement start."""
        tok = self.tok
        hint = None
        if tok[0] in ("else", "elif"):
            hint = f"'{tok[0]}' must follow the closing '}}' of an 'if' block"
        elif tok[0] in ("except", "finally"):
            hint = f"'{tok[0]}' must follow the closing '}}' of a 'try' block"
        raise self.error(f"unexpected {describe(tok)}", hint=hint)

    # ------------------------------------------------------------------ expressions

    def parse_expr(self) -> n.Expr:
        """A full expression: ternary (right-assoc) over binary operators; arrows live in primaries."""
        cond = self.parse_unary()
        if self.tok[0] in _EXPR_TAIL:
            return self.parse_expr_tail(cond)
        return cond

    def parse_expr_tail(self, cond: n.Expr) -> n.Expr:
        """The rest of an expression whose first operand ``cond`` is parsed: binary operators, then a
        ternary. (Callers on hot paths call ``parse_unary`` and come here only when the next token is
        in ``_EXPR_TAIL``.)"""
        if self.tok[0] in _BINARY_PRECEDENCE:
            cond = self.parse_binary(cond, 1)
        if self.tok[0] != "?":
            return cond
        self.pos += 1
        self.tok = self.toks[self.pos]
        then = self.parse_expr()
        if self.tok[0] != ":":
            raise self.error("expected ':' in the conditional expression 'c ? a : b'")
        self.pos += 1
        self.tok = self.toks[self.pos]
        otherwise = self.parse_expr()
        return n.Ternary(cond.line, cond.col, cond, then, otherwise)

    def parse_binary(self, left: n.Expr, min_prec: int) -> n.Expr:
        """Extend ``left`` with left-associative binary operators of precedence >= ``min_prec``.

        Precedence climbing: a right operand followed by a tighter operator absorbs it first.
        """
        prec_of = _BINARY_PRECEDENCE.get
        prec = prec_of(self.tok[0])
        deadline = self.deadline
        while prec is not None and prec >= min_prec:
            if deadline is not None and monotonic() > deadline:
                raise self.timeout_error()
            op = self.tok[0]
            self.pos += 1
            self.tok = self.toks[self.pos]
            right = self.parse_unary()
            following = prec_of(self.tok[0])
            if following is not None and following > prec:
                right = self.parse_binary(right, prec + 1)
                following = prec_of(self.tok[0])
            if prec <= 2:
                logical = _new(_Logical)  # n.Logical(line, col, op, left, right)
                logical.line, logical.col, logical.op, logical.left, logical.right = left.line, left.col, op, left, right
                left = logical
            else:
                binary = _new(_Binary)  # n.Binary(line, col, op, left, right)
                binary.line, binary.col, binary.op, binary.left, binary.right = left.line, left.col, op, left, right
                binary.concat = False
                left = binary
            prec = following
        return left

    def parse_unary(self) -> n.Expr:
        """``!x``, ``-x``, else ``postfix ** unary`` (``**`` is right-assoc and binds tighter than a
        unary minus on its left; its right operand may itself be unary), else a postfix expression.

        Unary, power, postfix and primary are one function because this is the parser's hottest
        path: every operand goes through it.
        """
        tok = self.tok
        kind = tok[0]
        if kind == "!" or kind == "-":
            self.pos += 1
            self.tok = self.toks[self.pos]
            return n.Unary(tok[2], tok[3], kind, self.parse_unary())
        # primary, with fast paths for the commonest operands
        if kind == "name":
            self.pos += 1
            self.tok = self.toks[self.pos]
            name = _new(_Name)  # n.Name(line, col, id) without the cost of a Python __init__
            name.line, name.col, name.id = tok[2], tok[3], tok[1]  # type: ignore[assignment]
            name.kind, name.builtin, name.returns_no_sequence = None, False, False
            expr: n.Expr = name
        elif kind == "num":
            self.pos += 1
            self.tok = self.toks[self.pos]
            number = _new(_Number)  # n.Number(line, col, value)
            number.line, number.col, number.value = tok[2], tok[3], tok[1]  # type: ignore[assignment]
            expr = number
        elif kind == "str":
            self.pos += 1
            self.tok = self.toks[self.pos]
            string = _new(_String)  # n.String(line, col, value)
            string.line, string.col, string.value = tok[2], tok[3], tok[1]  # type: ignore[assignment]
            expr = string
        else:
            expr = self.parse_primary()
        # postfix operators
        while True:
            kind = self.tok[0]
            if kind not in _POSTFIX:
                return expr
            if kind == "(":
                opener = self.tok
                self.pos += 1
                self.tok = self.toks[self.pos]
                args = self.parse_items(opener)
                call = _new(_Call)  # n.Call(line, col, func, args)
                call.line, call.col, call.func, call.args = expr.line, expr.col, expr, args
                expr = call
            elif kind == ".":
                self.pos += 1
                tok = self.tok = self.toks[self.pos]
                if tok[0] not in _WORD_KINDS:
                    raise self.error(f"expected a member name after '.', found {describe(tok)}")
                self.pos += 1
                self.tok = self.toks[self.pos]
                member = _new(_Member)  # n.Member(line, col, obj, name, name_line, name_col)
                member.line, member.col, member.obj = expr.line, expr.col, expr
                member.name, member.name_line, member.name_col = tok[1], tok[2], tok[3]  # type: ignore[assignment]
                expr = member
            elif kind == "[":
                expr = self.parse_subscript(expr)
            else:  # '**'
                self.pos += 1
                self.tok = self.toks[self.pos]
                return n.Binary(expr.line, expr.col, "**", expr, self.parse_unary())

    def parse_subscript(self, obj: n.Expr) -> n.Expr:
        """``obj[i]`` or ``obj[start:stop:step]`` with every part optional."""
        opener = self.tok
        self.pos += 1
        self.tok = self.toks[self.pos]
        start = stop = step = None
        if self.tok[0] != ":":
            if self.tok[0] == "]":
                raise self.error("expected an index inside '[]'")
            start = self.parse_expr()
            if self.tok[0] != ":":
                self.expect_closer(opener)
                index = _new(_Index)  # n.Index(line, col, obj, index)
                index.line, index.col, index.obj, index.index = obj.line, obj.col, obj, start
                return index
        self.pos += 1  # first ':'
        self.tok = self.toks[self.pos]
        if self.tok[0] not in (":", "]"):
            stop = self.parse_expr()
        if self.tok[0] == ":":
            self.pos += 1
            self.tok = self.toks[self.pos]
            if self.tok[0] != "]":
                step = self.parse_expr()
        self.expect_closer(opener)
        return n.Slice(obj.line, obj.col, obj, start, stop, step)

    def parse_items(self, opener: Token) -> list[n.Expr]:
        """Comma-separated expressions up to the closer of ``opener`` (trailing comma allowed)."""
        closer = _CLOSERS[opener[0]]
        items: list[n.Expr] = []
        operand, tail = self.parse_unary, self.parse_expr_tail
        deadline = self.deadline
        while self.tok[0] != closer:
            if deadline is not None and monotonic() > deadline:
                raise self.timeout_error()
            item = operand()
            if self.tok[0] in _EXPR_TAIL:
                item = tail(item)
            items.append(item)
            if self.tok[0] == ",":
                self.pos += 1
                self.tok = self.toks[self.pos]
            elif self.tok[0] != closer:
                self.expect_closer(opener)  # raises with the right message
        self.pos += 1
        self.tok = self.toks[self.pos]
        return items

    def parse_primary(self) -> n.Expr:
        """Literals, names, parenthesised expressions, array/object literals and arrow functions."""
        tok = self.tok
        kind = tok[0]
        if kind == "name":
            self.pos += 1
            self.tok = self.toks[self.pos]
            return n.Name(tok[2], tok[3], tok[1])  # type: ignore[arg-type]
        if kind == "num":
            self.pos += 1
            self.tok = self.toks[self.pos]
            return n.Number(tok[2], tok[3], tok[1])  # type: ignore[arg-type]
        if kind == "str":
            self.pos += 1
            self.tok = self.toks[self.pos]
            return n.String(tok[2], tok[3], tok[1])  # type: ignore[arg-type]
        if kind == "(":
            self.pos += 1
            self.tok = self.toks[self.pos]
            if self.tok[0] == ")":
                raise self.error("expected an expression inside '()'")
            inner = self.parse_expr()
            self.expect_closer(tok)
            return inner
        if kind == "[":
            self.pos += 1
            self.tok = self.toks[self.pos]
            return n.Array(tok[2], tok[3], self.parse_items(tok))
        if kind == "{":
            return self.parse_object()
        if kind == "true" or kind == "false":
            self.pos += 1
            self.tok = self.toks[self.pos]
            return n.Bool(tok[2], tok[3], kind == "true")
        if kind == "null":
            self.pos += 1
            self.tok = self.toks[self.pos]
            return n.Null(tok[2], tok[3])
        if kind == "fn":
            return self.parse_arrow()
        if kind == "function":
            raise self.error("a function declaration cannot be used as a value",
                             hint="write an arrow function: fn(x) => x + 1")
        if kind == "eof":
            raise self.error("unexpected end of input: expected an expression")
        raise self.error(f"unexpected {describe(tok)}", hint="an expression was expected here")

    def parse_object(self) -> n.Expr:
        """``{key: value, "k": v, if: 1,}``."""
        opener = self.tok
        self.pos += 1
        self.tok = self.toks[self.pos]
        entries: list[n.ObjectEntry] = []
        while self.tok[0] != "}":
            if self.deadline is not None and self.out_of_time():
                raise self.timeout_error()
            key = self.tok
            if key[0] not in _WORD_KINDS and key[0] != "str":
                if key[0] == "eof":
                    self.expect_closer(opener)
                raise self.error(f"expected a key (a name or a string) in the object, found {describe(key)}")
            self.pos += 1
            self.tok = self.toks[self.pos]
            if self.tok[0] != ":":
                raise self.error(f"expected ':' after the key '{key[1]}'")
            self.pos += 1
            self.tok = self.toks[self.pos]
            entries.append(n.ObjectEntry(key[2], key[3], key[1], self.parse_expr()))  # type: ignore[arg-type]
            if self.tok[0] == ",":
                self.pos += 1
                self.tok = self.toks[self.pos]
            elif self.tok[0] != "}":
                self.expect_closer(opener)
        self.pos += 1
        self.tok = self.toks[self.pos]
        return n.Object(opener[2], opener[3], entries)

    def parse_arrow(self) -> n.Expr:
        """``fn(params) => expr`` or ``fn(params) => { statements }`` (``{}``/``{k: ..}`` are objects)."""
        start = self.tok
        self.pos += 1
        self.tok = self.toks[self.pos]
        params = self.parse_params()
        if self.tok[0] != "=>":
            raise self.error("expected '=>' after the parameters of 'fn'", hint="write fn(x) => x + 1")
        self.pos += 1
        self.tok = self.toks[self.pos]
        if self.tok[0] == "{" and not self.at_object_literal():
            body: n.Expr | list[n.Stmt] = self.parse_function_body()
        else:
            saved_loops = self.loop_depth
            self.loop_depth = 0
            try:
                body = self.parse_expr()
            finally:
                self.loop_depth = saved_loops
        return n.ArrowFunction(start[2], start[3], params, body)

    def at_object_literal(self) -> bool:
        """After ``=>``: is the ``{`` here an object literal (``{}`` or ``{key: ...``)?"""
        nxt = self.peek(1)
        if nxt[0] == "}":
            return True
        return (nxt[0] in _WORD_KINDS or nxt[0] == "str") and self.peek(2)[0] == ":"


_STATEMENT_DISPATCH = {
    "if": Parser.parse_if,
    "while": Parser.parse_while,
    "for": Parser.parse_for,
    "function": Parser.parse_function,
    "return": Parser.parse_return,
    "break": Parser.parse_break_continue,
    "continue": Parser.parse_break_continue,
    "nonlocal": Parser.parse_nonlocal,
    "throw": Parser.parse_throw,
    "try": Parser.parse_try,
    "import": Parser.parse_import,
    "capability": Parser.parse_capability,
    "else": Parser.parse_stray,
    "elif": Parser.parse_stray,
    "except": Parser.parse_stray,
    "finally": Parser.parse_stray,
    "}": Parser.parse_stray,
    ")": Parser.parse_stray,
    "]": Parser.parse_stray,
}


def parse(source: str, filename: str = "<ml>", *, deadline: float | None = None) -> n.Program:
    """Parse ML ``source`` into a ``Program``; raises ``MLSyntaxError`` (with position) if it is not ML.

    Input nested too deeply for the recursive-descent parser is a syntax error, never a crash. Past
    ``deadline`` (a ``time.monotonic()`` value) the parse stops with ``MLTimeoutError``.
    """
    parser = Parser(source, filename, deadline=deadline)
    try:
        return parser.parse_program()
    except RecursionError:
        raise parser.error("the program is nested too deeply",
                           hint="split deeply nested expressions or blocks into smaller parts") from None


class Recovered(NamedTuple):
    """What ``parse_recovering`` found: the program without its broken statements, every syntax
    error in source order, and the names written in the text that was skipped (a checker should not
    call them unknown: their definition may be in the broken statement)."""

    program: n.Program
    errors: list[MLSyntaxError]
    unparsed_names: frozenset[str]


def parse_with_recovery(source: str, filename: str = "<ml>") -> tuple[n.Program, list[MLSyntaxError]]:
    """Parse ``source`` reporting every syntax error instead of the first: the program holds every
    statement that parsed, the list every error (each once, in source order; empty for valid ML)."""
    program, errors, _names = parse_recovering(source, filename)
    return program, errors


def parse_recovering(source: str, filename: str = "<ml>") -> Recovered:
    """``parse_with_recovery`` plus the names in skipped text (see ``Recovered``)."""
    tokens, lex_errors, placeholders = _tokenize_recovering(source, filename)
    parser = Parser(source, filename, tokens, recover=True)
    try:
        program = parser.parse_program()
    except RecursionError:
        program = n.Program(1, 1, [], filename)
        parser.report(parser.error("the program is nested too deeply",
                                   hint="split deeply nested expressions or blocks into smaller parts"))
    parse_errors = parser.errors or []
    for lex_error in lex_errors:  # the parser's first complaint after a lexer error is its echo
        parse_errors = _without_echo(parse_errors, lex_error, tokens)
    if any(isinstance(e, IncompleteInputError) and "comment" in e.message for e in lex_errors):
        # an unterminated comment swallows the rest of the input: "unexpected end" is its echo
        parse_errors = [e for e in parse_errors if not isinstance(e, IncompleteInputError)]
    names = set(placeholders)
    for start, stop in parser.skipped:
        names.update(str(tok[1]) for tok in tokens[start:stop] if tok[0] == "name")
    errors = sorted(lex_errors + parse_errors, key=lambda e: (e.line or 0, e.column or 0))
    unique: list[MLSyntaxError] = []
    seen: set[tuple[int | None, int | None]] = set()
    for error in errors:
        if (error.line, error.column) not in seen:
            seen.add((error.line, error.column))
            unique.append(error)
    return Recovered(program, unique, frozenset(names))


def _tokenize_recovering(source: str, filename: str) -> tuple[list[Token], list[MLSyntaxError], set[str]]:
    """Tokens of ``source`` with each piece of text the lexer rejects blanked out (columns kept), the
    lexer's errors, and the placeholder names put in place of reserved ``__`` identifiers."""
    errors: list[MLSyntaxError] = []
    placeholders: set[str] = set()
    text = source
    while True:
        try:
            return tokenize(text, filename)[0], errors, placeholders
        except MLSyntaxError as error:
            if error.line is None or error.column is None or len(errors) > len(source):
                raise
            error.source_line = source_line_at(source, error.line)
            errors.append(error)
            text = _blank_out(text, error.line, error.column, placeholders)


def _blank_out(text: str, line: int, col: int, placeholders: set[str]) -> str:
    """``text`` with the token the lexer rejected at ``line``/``col`` made harmless: a comment-like
    ``#`` or an unterminated string to the end of its line, an unterminated ``/*`` to the end of
    input (newlines kept, so positions after it stay right), a ``__name`` renamed, a malformed number
    replaced by ``0``, anything else by a blank."""
    offset = 0
    for _ in range(line - 1):
        offset = text.index("\n", offset) + 1
    offset += col - 1
    char = text[offset]
    end = offset + 1
    replacement = " "
    if char in "#'\"":
        end = text.find("\n", offset)
        end = len(text) if end < 0 else end
        replacement = " " * (end - offset)
    elif text.startswith("/*", offset):
        end = len(text)
        replacement = "".join(c if c == "\n" else " " for c in text[offset:])
    elif char == "_" or char.isdigit():
        while end < len(text) and (text[end].isalnum() or text[end] in "_."):
            end += 1
        if char == "_":
            replacement = "_" + "x" * (end - offset - 1)
            placeholders.add(replacement)
        else:
            replacement = "0" + " " * (end - offset - 1)
    return text[:offset] + replacement + text[end:]


def _without_echo(errors: list[MLSyntaxError], lex_error: MLSyntaxError,
                  tokens: list[Token]) -> list[MLSyntaxError]:
    """``errors`` without the first one at or after ``lex_error`` and before the end of the statement
    it broke (the ``;`` or ``}`` after it): that one only reports the blanked-out text."""
    where = (lex_error.line or 0, lex_error.column or 0)
    before = [tok for tok in tokens if tok[0] != "eof" and (tok[2], tok[3]) < where]
    if before:  # "unexpected end of input" is reported just after the token before the blanked text
        last = before[-1]
        where = min(where, (last[2], last[3] + (0 if last[0] == "str" else len(str(last[1])))))
    end = next(((tok[2], tok[3]) for tok in tokens if tok[0] in (";", "}", "eof") and (tok[2], tok[3]) >= where),
               None)
    for index, error in enumerate(errors):
        position = (error.line or 0, error.column or 0)
        if position >= where and (end is None or position <= end):
            return errors[:index] + errors[index + 1:]
    return errors
