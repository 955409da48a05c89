"""The ML parser: tokens to an AST (``nodes.Program``), by recursive descent with precedence climbing.

Hand-written for speed (SPEC asks for >= 50,000 compiled lines/s end to end) and for error messages
worded in ML terms ("expected ')' to close '(' opened at line 3"), never in grammar-internal ones.
Binary operators are parsed by precedence climbing over the table ``_BINARY_PRECEDENCE``; ``**``,
unary operators, the ternary and arrow functions have their own small functions because their
associativity rules differ (SPEC §1.3).
"""

from __future__ import annotations

from mlpy.language import nodes as n
from mlpy.language.diagnostics import syntax_error
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

    __slots__ = ("source", "filename", "toks", "pos", "tok", "loop_depth", "func_depth", "block_depth")

    def __init__(self, source: str, filename: str = "<ml>") -> None:
        self.source = source
        self.filename = filename
        self.toks, _ = tokenize(source, filename)
        self.pos = 0
        self.tok: Token = self.toks[0]
        self.loop_depth = 0  # loops enclosing the current statement, within the current function
        self.func_depth = 0  # functions enclosing the current statement
        self.block_depth = 0  # blocks enclosing the current statement (0 = top level)

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

    def error(self, message: str, tok: Token | None = None, hint: str | None = None) -> Exception:
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
        return self.advance()

    def expect_closer(self, opener: Token) -> Token:
        """Consume the bracket closing ``opener`` or say which bracket was left open, and where."""
        closer = _CLOSERS[opener[0]]
        if self.tok[0] != closer:
            raise self.error(f"expected '{closer}' to close {_OPENER_NAMES[opener[0]]} opened at line {opener[2]}")
        return self.advance()

    def expect_name(self, what: str) -> Token:
        """Consume an identifier; a reserved word in its place gets a specific message."""
        tok = self.tok
        if tok[0] == "name":
            return self.advance()
        if tok[0] in RESERVED_WORDS:
            raise self.error(f"'{tok[1]}' is a reserved word and cannot be used as {what}")
        raise self.error(f"expected {what}, found {describe(tok)}")

    def end_statement(self) -> None:
        """Consume the ``;`` that ends a simple statement."""
        if self.tok[0] != ";":
            if self.pos > 0 and self.tok[2] > self.toks[self.pos - 1][2]:
                line, col = self.end_of_previous()
                raise syntax_error("expected ';' after the statement", self.source, self.filename,
                                   line, col, hint="end the statement with ';'")
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
        body: list[n.Stmt] = []
        stmt = self.parse_statement
        while self.tok[0] != closer:
            if self.tok[0] == "eof":
                return body  # the caller reports the unclosed block
            if self.tok[0] == ";":  # a stray ';' (e.g. after a block) is an empty statement
                self.advance()
                continue
            body.append(stmt())
        return body

    def parse_block(self, what: str = "the block") -> list[n.Stmt]:
        """``{ statement* }``."""
        opener = self.tok
        if opener[0] != "{":
            raise self.error(f"expected '{{' to start {what}",
                             hint="braces are required around every body in ML")
        self.advance()
        self.block_depth += 1
        body = self.parse_statements_until("}")
        self.block_depth -= 1
        if self.tok[0] != "}":
            raise self.error(f"expected '}}' to close the block opened at line {opener[2]}")
        self.advance()
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
        expr = self.parse_expr()
        kind = self.tok[0]
        if kind == "=":
            self.advance()
            value = self.parse_expr()
            self.end_statement()
            if isinstance(expr, (n.Name, n.Index, n.Slice, n.Member)):
                return n.Assign(expr.line, expr.col, expr, value)
            if isinstance(expr, n.Array) and expr.items and all(isinstance(t, n.Name) for t in expr.items):
                return n.ArrayDestructure(expr.line, expr.col, list(expr.items), value)  # type: ignore[arg-type]
            raise self.error("cannot assign to this expression", start, hint=_ASSIGN_HINT)
        aug = _AUG_OPS.get(kind)
        if aug is not None:
            self.advance()
            if not isinstance(expr, (n.Name, n.Index, n.Slice, n.Member)):
                raise self.error("cannot assign to this expression", start, hint=_ASSIGN_HINT)
            value = self.parse_expr()
            self.end_statement()
            return n.AugAssign(expr.line, expr.col, expr, aug, value)
        self.end_statement()
        return n.ExprStmt(expr.line, expr.col, expr)

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
        opener = self.advance()
        cond = self.parse_expr()
        self.expect_closer(opener)
        return cond

    def parse_if(self) -> n.Stmt:
        """``if (c) {..} elif (d) {..} else {..}``."""
        start = self.advance()
        cond = self.parse_condition("if")
        branches = [n.IfBranch(start[2], start[3], cond, self.parse_block())]
        orelse = None
        while True:
            kind = self.tok[0]
            if kind == "elif":
                tok = self.advance()
                cond = self.parse_condition("elif")
                branches.append(n.IfBranch(tok[2], tok[3], cond, self.parse_block()))
            elif kind == "else":
                tok = self.advance()
                if self.tok[0] == "if":
                    raise self.error("'else if' is not ML: write 'elif'", tok,
                                     hint="replace 'else if (...)' with 'elif (...)'")
                orelse = self.parse_block()
                break
            else:
                break
        return n.If(start[2], start[3], branches, orelse)

    def parse_while(self) -> n.Stmt:
        """``while (c) {..}``."""
        start = self.advance()
        cond = self.parse_condition("while")
        return n.While(start[2], start[3], cond, self.parse_loop_body())

    def parse_for(self) -> n.Stmt:
        """``for (x in e) {..}``."""
        start = self.advance()
        if self.tok[0] != "(":
            raise self.error("expected '(' after 'for'", hint="write for (item in items) { ... }")
        opener = self.advance()
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
            raise self.error(f"'{tok[0]}' outside a loop", tok)
        self.end_statement()
        cls = n.Break if tok[0] == "break" else n.Continue
        return cls(tok[2], tok[3])

    def parse_params(self) -> list[n.Param]:
        """``( a, b: T, ... )``; annotation source text is recorded, never evaluated."""
        if self.tok[0] != "(":
            raise self.error("expected '(' to start the parameter list")
        opener = self.advance()
        params: list[n.Param] = []
        seen: set[str] = set()
        while self.tok[0] != ")":
            tok = self.expect_name("a parameter name")
            if tok[1] in seen:
                raise self.error(f"duplicate parameter '{tok[1]}'", tok)
            seen.add(tok[1])  # type: ignore[arg-type]
            annotation = None
            if self.tok[0] == ":":
                self.advance()
                annotation = self.parse_annotation()
            params.append(n.Param(tok[2], tok[3], tok[1], annotation))  # type: ignore[arg-type]
            if self.tok[0] == ",":
                self.advance()
            elif self.tok[0] != ")":
                self.expect_closer(opener)  # raises: a ',' or ')' was expected
        self.advance()
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
        start = self.advance()
        name = self.expect_name("a function name")
        params = self.parse_params()
        body = self.parse_function_body()
        return n.FunctionDef(start[2], start[3], name[1], params, body, name[3])  # type: ignore[arg-type]

    def parse_return(self) -> n.Stmt:
        """``return;`` / ``return e;``."""
        tok = self.advance()
        if self.func_depth == 0:
            raise self.error("'return' outside a function", tok)
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
            raise self.error("expected 'except' or 'finally' after the 'try' block")
        return n.Try(start[2], start[3], body, handlers, finalbody)

    def parse_import(self) -> n.Stmt:
        """``import a.b.c;`` / ``import a.b.c as m;`` (top level only)."""
        tok = self.advance()
        if self.block_depth:
            raise self.error("'import' is only allowed at the top level", tok)
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
        if self.tok[0] in _BINARY_PRECEDENCE:
            cond = self.parse_binary(cond, 1)
        if self.tok[0] != "?":
            return cond
        self.advance()
        then = self.parse_expr()
        if self.tok[0] != ":":
            raise self.error("expected ':' in the conditional expression 'c ? a : b'")
        self.advance()
        otherwise = self.parse_expr()
        return n.Ternary(cond.line, cond.col, cond, then, otherwise)

    def parse_binary(self, left: n.Expr, min_prec: int) -> n.Expr:
        """Extend ``left`` with left-associative binary operators of precedence >= ``min_prec``.

        Precedence climbing: a right operand followed by a tighter operator absorbs it first.
        """
        prec_of = _BINARY_PRECEDENCE.get
        prec = prec_of(self.tok[0])
        while prec is not None and prec >= min_prec:
            op = self.tok[0]
            self.pos += 1
            self.tok = self.toks[self.pos]
            right = self.parse_unary()
            following = prec_of(self.tok[0])
            if following is not None and following > prec:
                right = self.parse_binary(right, prec + 1)
                following = prec_of(self.tok[0])
            if prec <= 2:
                left = n.Logical(left.line, left.col, op, left, right)
            else:
                left = n.Binary(left.line, left.col, op, left, right)
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
            expr: n.Expr = n.Name(tok[2], tok[3], tok[1])  # type: ignore[arg-type]
        elif kind == "num":
            self.pos += 1
            self.tok = self.toks[self.pos]
            expr = n.Number(tok[2], tok[3], tok[1])  # type: ignore[arg-type]
        elif kind == "str":
            self.pos += 1
            self.tok = self.toks[self.pos]
            expr = n.String(tok[2], tok[3], tok[1])  # type: ignore[arg-type]
        else:
            expr = self.parse_primary()
        # postfix operators
        while True:
            kind = self.tok[0]
            if kind == "(":
                opener = self.tok
                self.pos += 1
                self.tok = self.toks[self.pos]
                args = self.parse_items(opener)
                expr = n.Call(expr.line, expr.col, expr, args)
            elif kind == ".":
                self.pos += 1
                tok = self.tok = self.toks[self.pos]
                if tok[0] not in _WORD_KINDS:
                    raise self.error(f"expected a member name after '.', found {describe(tok)}")
                self.pos += 1
                self.tok = self.toks[self.pos]
                expr = n.Member(expr.line, expr.col, expr, tok[1], tok[2], tok[3])  # type: ignore[arg-type]
            elif kind == "[":
                expr = self.parse_subscript(expr)
            elif kind == "**":
                self.advance()
                return n.Binary(expr.line, expr.col, "**", expr, self.parse_unary())
            else:
                return expr

    def parse_subscript(self, obj: n.Expr) -> n.Expr:
        """``obj[i]`` or ``obj[start:stop:step]`` with every part optional."""
        opener = self.advance()
        start = stop = step = None
        if self.tok[0] != ":":
            if self.tok[0] == "]":
                raise self.error("expected an index inside '[]'")
            start = self.parse_expr()
            if self.tok[0] != ":":
                self.expect_closer(opener)
                return n.Index(obj.line, obj.col, obj, start)
        self.advance()  # first ':'
        if self.tok[0] not in (":", "]"):
            stop = self.parse_expr()
        if self.tok[0] == ":":
            self.advance()
            if self.tok[0] != "]":
                step = self.parse_expr()
        self.expect_closer(opener)
        return n.Slice(obj.line, obj.col, obj, start, stop, step)

    def parse_items(self, opener: Token) -> list[n.Expr]:
        """Comma-separated expressions up to the closer of ``opener`` (trailing comma allowed)."""
        closer = _CLOSERS[opener[0]]
        items: list[n.Expr] = []
        parse = self.parse_expr
        while self.tok[0] != closer:
            items.append(parse())
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
            self.advance()
            return n.Name(tok[2], tok[3], tok[1])  # type: ignore[arg-type]
        if kind == "num":
            self.advance()
            return n.Number(tok[2], tok[3], tok[1])  # type: ignore[arg-type]
        if kind == "str":
            self.advance()
            return n.String(tok[2], tok[3], tok[1])  # type: ignore[arg-type]
        if kind == "(":
            self.advance()
            if self.tok[0] == ")":
                raise self.error("expected an expression inside '()'")
            inner = self.parse_expr()
            self.expect_closer(tok)
            return inner
        if kind == "[":
            self.advance()
            return n.Array(tok[2], tok[3], self.parse_items(tok))
        if kind == "{":
            return self.parse_object()
        if kind == "true" or kind == "false":
            self.advance()
            return n.Bool(tok[2], tok[3], kind == "true")
        if kind == "null":
            self.advance()
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
        opener = self.advance()
        entries: list[n.ObjectEntry] = []
        while self.tok[0] != "}":
            key = self.tok
            if key[0] not in _WORD_KINDS and key[0] != "str":
                if key[0] == "eof":
                    self.expect_closer(opener)
                raise self.error(f"expected a key (a name or a string) in the object, found {describe(key)}")
            self.advance()
            if self.tok[0] != ":":
                raise self.error(f"expected ':' after the key '{key[1]}'")
            self.advance()
            entries.append(n.ObjectEntry(key[2], key[3], key[1], self.parse_expr()))  # type: ignore[arg-type]
            if self.tok[0] == ",":
                self.advance()
            elif self.tok[0] != "}":
                self.expect_closer(opener)
        self.advance()
        return n.Object(opener[2], opener[3], entries)

    def parse_arrow(self) -> n.Expr:
        """``fn(params) => expr`` or ``fn(params) => { statements }`` (``{}``/``{k: ..}`` are objects)."""
        start = self.advance()
        params = self.parse_params()
        if self.tok[0] != "=>":
            raise self.error("expected '=>' after the parameters of 'fn'", hint="write fn(x) => x + 1")
        self.advance()
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


def parse(source: str, filename: str = "<ml>") -> n.Program:
    """Parse ML ``source`` into a ``Program``; raises ``MLSyntaxError`` (with position) if it is not ML.

    Input nested too deeply for the recursive-descent parser is a syntax error, never a crash.
    """
    parser = Parser(source, filename)
    try:
        return parser.parse_program()
    except RecursionError:
        raise parser.error("the program is nested too deeply",
                           hint="split deeply nested expressions or blocks into smaller parts") from None
