"""Lowering of ML statements: one ``lower_<Node>`` method per statement node class.

Function declarations are hoisted to the top of their body (``LoweringBase._block``); ``try`` becomes
one ``except __ml_BaseException`` that first calls ``__ml_catch``, then tests the ML clauses;
``finally`` bodies run only ``if not __ml_in_fatal()``; ``o.k = v`` → ``__ml_setmember`` (or an
inline store on an object, see ``fastpaths``).
"""

from __future__ import annotations

import ast

from mlpy.compiler import kinds
from mlpy.compiler.lowering.base import COSTLY, IS, LOAD, MANGLED_NAMES, STORE, at, expr_cost, mangle
from mlpy.compiler.lowering.expressions import BINOPS, ExpressionLowering
from mlpy.language import nodes


class StatementLowering(ExpressionLowering):
    """ML statements to Python statements, appended to the body being built (``self._out``)."""

    def _lower_nothing(self, stmt: nodes.Stmt) -> None:
        """``nonlocal`` (declared at the function's top) and ``capability`` emit no code."""

    def lower_ExprStmt(self, stmt: nodes.ExprStmt) -> None:
        value = stmt.expr
        node = ast.Expr(self._lower[type(value)](self, value))
        node.lineno = stmt.line
        node.col_offset = stmt.col - 1
        self._out.append(node)

    def _store_target(self, target: nodes.Expr) -> ast.Name | ast.Subscript:
        if isinstance(target, nodes.Name):
            return self._name(mangle(target.id), target.line, target.col, STORE)
        if isinstance(target, nodes.Index):
            return at(ast.Subscript(self.expr(target.obj), self.expr(target.index), STORE),
                      target.line, target.col)
        if isinstance(target, nodes.Slice):
            return at(ast.Subscript(self.expr(target.obj), self._slice(target), STORE),
                      target.line, target.col)
        raise TypeError(f"cannot assign to {type(target).__name__}")  # the parser never makes this

    def lower_Assign(self, stmt: nodes.Assign) -> None:
        target = stmt.target
        if type(target) is nodes.Member:
            value = self.expr(stmt.value)
            self._out.append(self._setmember(target, value, stmt.line, stmt.col))
            return
        line, col = stmt.line, stmt.col
        py_target: ast.expr
        if type(target) is nodes.Name:  # the commonest statement: built inline
            name = target.id
            py_target = ast.Name("__kw_" + name if name in MANGLED_NAMES else name, STORE)
            py_target.lineno = target.line
            py_target.col_offset = target.col - 1
        else:
            py_target = self._store_target(target)
        source = stmt.value
        node = ast.Assign([py_target], self._lower[type(source)](self, source))
        node.lineno = line
        node.col_offset = col - 1
        self._out.append(node)

    def _combine(self, op: str, current: ast.expr, value_node: nodes.Expr, value: ast.expr, line: int,
                 col: int, current_name: nodes.Name | None = None) -> ast.expr:
        """``current op value`` for an augmented assignment (concatenation, ``*`` via helper)."""
        if op == "+" and (type(value_node) is nodes.String or kinds.is_concat(value_node)):
            # `x += "lit"` concatenates: the value is already a string, the current value is converted.
            if current_name is not None and kinds.name_kind(current_name) == "str":
                pass  # already a string
            elif current_name is not None:
                current = self._to_str(current, current_name)
            else:
                current = self._helper("__ml_str", [current], line, col)
            if type(value_node) is not nodes.String:
                return self._sized_add(current, value, line, col, "str")
            return at(ast.BinOp(current, BINOPS["+"], value), line, col)
        if op == "+" and not self._is_number(value_node):
            return self._sized_add(current, value, line, col)
        if op == "*":
            return self._helper("__ml_mul", [current, value], line, col)
        if op == "**":
            return self._helper("__ml_pow", [current, value], line, col)
        if op == "%":
            return self._helper("__ml_mod", [current, value], line, col)
        if op == "//" and self.count_steps:
            return self._helper("__ml_floordiv", [current, value], line, col)
        return at(ast.BinOp(current, BINOPS[op], value), line, col)

    def lower_AugAssign(self, stmt: nodes.AugAssign) -> None:
        target = stmt.target
        if stmt.op in ("-", "/", "//") and not isinstance(target, nodes.Member) \
                and not (stmt.op == "//" and self.count_steps):  # under limits `//` is guarded
            # Python's own augmented assignment evaluates the container and index once. Not for `+`
            # or `*`: on a Python list they extend in place, but ML's `a += b` is `a = a + b`; not
            # for `%`: on a string it would be printf formatting (see `__ml_mod`).
            py_target = self._store_target(target)
            value = self.expr(stmt.value)
            self._out.append(at(ast.AugAssign(py_target, BINOPS[stmt.op], value), stmt.line, stmt.col))
        elif isinstance(target, nodes.Name):
            self._aug_name(stmt, target)
        elif isinstance(target, nodes.Member):
            obj = target.obj
            if isinstance(obj, nodes.Name) and self._hot and obj.kind in (None, "dict"):
                self._aug_member_fast(stmt, target, obj)
            else:
                self._aug_member(stmt, target)
        else:
            self._aug_subscript(stmt, target)

    def _aug_name(self, stmt: nodes.AugAssign, target: nodes.Name) -> None:
        """``x op= v`` is ``x = x op v``."""
        line, col = stmt.line, stmt.col
        pyname = mangle(target.id)
        new = self._combine(stmt.op, self._name(pyname, line, col), stmt.value, self.expr(stmt.value),
                            line, col, target)
        self._out.append(at(ast.Assign([self._name(pyname, line, col, STORE)], new), line, col))

    def _aug_member_fast(self, stmt: nodes.AugAssign, target: nodes.Member, obj: nodes.Name) -> None:
        """``o.k op= v`` on a name in hot code: objects inline (``o["k"] = o.get("k") op v``),
        anything else via the member helpers."""
        line, col, op, key = stmt.line, stmt.col, stmt.op, target.name
        value = self.expr(stmt.value)
        get = at(ast.Attribute(self._read(obj), "get", LOAD), line, col)
        current: ast.expr = at(ast.Call(get, [self._const(key, line, col)], []), line, col)
        store = at(ast.Subscript(self._read(obj), self._const(key, line, col), STORE), line, col)
        fast = at(ast.Assign([store], self._combine(op, current, stmt.value, value, line, col)),
                  line, col)
        if obj.kind == "dict":
            self._out.append(fast)
            return
        current = self._helper("__ml_member", [self._read(obj), self._const(key, line, col)], line, col)
        slow = self._setmember(target, self._combine(op, current, stmt.value, value, line, col),
                               line, col, obj=self._read(obj))
        self._out.append(at(ast.If(self._is_type(obj, "__ml_dict"), [fast], [slow]), line, col))

    def _aug_member(self, stmt: nodes.AugAssign, target: nodes.Member) -> None:
        """``e.k op= v``: the container is evaluated once into a temporary."""
        line, col = stmt.line, stmt.col
        obj_tmp = self._temp()
        self._assign_temp(obj_tmp, self.expr(target.obj), line, col)
        current = self._helper("__ml_member", [self._name(obj_tmp, line, col),
                                               self._const(target.name, line, col)], line, col)
        new = self._combine(stmt.op, current, stmt.value, self.expr(stmt.value), line, col)
        self._out.append(self._setmember(target, new, line, col, obj=self._name(obj_tmp, line, col)))

    def _aug_subscript(self, stmt: nodes.AugAssign, target: nodes.Expr) -> None:
        """``a[i] op= v`` / ``a[i:j] op= v``: container, index and bounds are evaluated once each."""
        line, col = stmt.line, stmt.col
        if not isinstance(target, (nodes.Index, nodes.Slice)):
            raise TypeError(f"cannot assign to {type(target).__name__}")  # the parser never makes this
        obj_tmp = self._temp()
        self._assign_temp(obj_tmp, self.expr(target.obj), line, col)
        bounds: list[str | None] = []
        for part in ((target.index,) if isinstance(target, nodes.Index)
                     else (target.start, target.stop, target.step)):
            if part is None:
                bounds.append(None)
            else:
                tmp = self._temp()
                self._assign_temp(tmp, self.expr(part), line, col)
                bounds.append(tmp)

        def index() -> ast.expr:
            parts = [None if b is None else self._name(b, line, col) for b in bounds]
            if isinstance(target, nodes.Index):
                return parts[0]  # type: ignore[return-value]
            return at(ast.Slice(*parts), line, col)

        current = at(ast.Subscript(self._name(obj_tmp, line, col), index(), LOAD), line, col)
        new = self._combine(stmt.op, current, stmt.value, self.expr(stmt.value), line, col)
        store = at(ast.Subscript(self._name(obj_tmp, line, col), index(), STORE), line, col)
        self._out.append(at(ast.Assign([store], new), line, col))

    def _tuple_targets(self, targets: list[nodes.Name], line: int, col: int) -> ast.Tuple:
        elts: list[ast.expr] = [self._name(mangle(t.id), t.line, t.col, STORE) for t in targets]
        return at(ast.Tuple(elts, STORE), line, col)

    def lower_ArrayDestructure(self, stmt: nodes.ArrayDestructure) -> None:
        line, col = stmt.line, stmt.col
        value = self._helper("__ml_unpack", [self.expr(stmt.value),
                                             self._const(len(stmt.targets), line, col)], line, col)
        self._out.append(at(ast.Assign([self._tuple_targets(stmt.targets, line, col)], value), line, col))

    def lower_ObjectDestructure(self, stmt: nodes.ObjectDestructure) -> None:
        line, col = stmt.line, stmt.col
        names = self._const(tuple(t.id for t in stmt.targets), line, col)
        value = self._helper("__ml_unpack_obj", [self.expr(stmt.value), names], line, col)
        self._out.append(at(ast.Assign([self._tuple_targets(stmt.targets, line, col)], value), line, col))

    def lower_If(self, stmt: nodes.If) -> None:
        last = self._ends_stepped  # this `if` ends a loop or function body: so do its branches
        orelse = self._block(stmt.orelse, stepped_end=last) if stmt.orelse else []
        # Under count_steps, when a condition may do milliseconds of work, each branch (an `else`
        # made for it too) starts with a limit check, unless the `if` ends a loop or function body
        # (a step follows). Light conditions (`n < 2`: microseconds at most) get none: a check in
        # every call of a recursive function costs more than a run of them could overrun.
        checked = self.count_steps and not last and any(expr_cost(b.cond) == COSTLY for b in stmt.branches)
        if checked:
            tail = stmt.branches[-1]
            self._lead_with_check(orelse, tail.line, tail.col)
        result: ast.stmt | None = None
        lower = self._lower
        for branch in reversed(stmt.branches):
            cond = branch.cond
            test = lower[type(cond)](self, cond)
            body = self._block(branch.body, stepped_end=last)
            if checked:
                self._lead_with_check(body, branch.line, branch.col)
            node = at(ast.If(test, body, [result] if result is not None else orelse),
                       branch.line, branch.col)
            result = node
        assert result is not None
        at(result, stmt.line, stmt.col)
        self._out.append(result)

    def _lead_with_check(self, body: list[ast.stmt], line: int, col: int) -> None:
        """Put a limit check first in ``body``, after the work of an ``if``'s conditions, at the
        position of the body's first statement. (A check after the whole ``if`` would be a line of
        its own after the branch, which a debugger stepping through the program would stop at.)"""
        if body:
            line, col = body[0].lineno, body[0].col_offset + 1
        body.insert(0, self._check(line, col))

    def _loop_else(self, header: nodes.Expr, stmt: nodes.Stmt) -> list[ast.stmt]:
        """Under ``count_steps``, a loop whose header may do milliseconds of work (its last
        condition, an iterable that may be empty) is followed by a limit check, unless it ends a loop or function body (a
        step follows): the check is the Python loop's ``else``, run when the loop ends without
        ``break``, at the header's position, so a debugger sees no line of its own there. (After a
        ``break`` the body's step came after the header's work.)"""
        if not self.count_steps or self._ends_stepped or expr_cost(header) != COSTLY:
            return []
        return [self._check(stmt.line, stmt.col)]

    def lower_While(self, stmt: nodes.While) -> None:
        orelse = self._loop_else(stmt.cond, stmt)
        test = self.expr(stmt.cond)
        body = self._loop_body(stmt.body, stmt)
        self._out.append(at(ast.While(test, body, orelse), stmt.line, stmt.col))

    def lower_For(self, stmt: nodes.For) -> None:
        line, col = stmt.line, stmt.col
        it = stmt.iterable
        orelse = self._loop_else(it, stmt)
        kind = self._value_kind(it)
        iterable: ast.expr
        if kinds.is_range_call(it) and isinstance(it, nodes.Call):
            # `for (i in range(n))`: the numbers one by one (``__ml_range`` checks the arguments as
            # the builtin does), never the whole array.
            iterable = self._helper("__ml_range", [self.expr(a) for a in it.args], it.line, it.col)
        elif kind == "list" or kind == "str":
            iterable = self.expr(it)  # arrays and strings iterate as they are
        elif self._hot and isinstance(it, nodes.Name) and kind is None:
            # A name iterated in hot code is nearly always an array: used as it is when it is one.
            iterable = at(ast.IfExp(self._is_type(it, "__ml_list"), self._read(it),
                                    self._helper("__ml_iter", [self._read(it)], line, col)), line, col)
        elif self._hot and type(it) is nodes.Slice:
            # A slice is nearly always an array: `t if (t := a[i:]).__class__ is __ml_list else
            # __ml_iter(t)` skips the helper call then, and keeps it for anything else.
            tmp = self._temp()
            bound = at(ast.NamedExpr(self._name(tmp, line, col, STORE), self.expr(it)), line, col)
            cls = at(ast.Attribute(bound, "__class__", LOAD), line, col)
            test = at(ast.Compare(cls, [IS], [self._name("__ml_list", line, col)]), line, col)
            slow = self._helper("__ml_iter", [self._name(tmp, line, col)], line, col)
            iterable = at(ast.IfExp(test, self._name(tmp, line, col), slow), line, col)
        else:
            iterable = self._helper("__ml_iter", [self.expr(it)], line, col)
        target = self._name(mangle(stmt.target.id), stmt.target.line, stmt.target.col, STORE)
        if stmt.stable_target and stmt.target.kind is None and kind != "str":
            body = self._stable_loop_body(stmt)
        else:
            body = self._loop_body(stmt.body, stmt)
        self._out.append(at(ast.For(target, iterable, body, orelse, None), line, col))

    def lower_Break(self, stmt: nodes.Break) -> None:
        self._out.append(at(ast.Break(), stmt.line, stmt.col))

    def lower_Continue(self, stmt: nodes.Continue) -> None:
        self._out.append(at(ast.Continue(), stmt.line, stmt.col))

    def lower_FunctionDef(self, stmt: nodes.FunctionDef) -> None:
        body = self._function_block(stmt.body)
        self._out.append(self._def(mangle(stmt.name), stmt, stmt.params, body))

    def lower_Return(self, stmt: nodes.Return) -> None:
        value = stmt.value
        node = ast.Return(None if value is None else self._lower[type(value)](self, value))
        node.lineno = stmt.line
        node.col_offset = stmt.col - 1
        self._out.append(node)

    def lower_Throw(self, stmt: nodes.Throw) -> None:
        exc = self._helper("__ml_throw", [self.expr(stmt.value)], stmt.line, stmt.col)
        self._out.append(at(ast.Raise(exc, None), stmt.line, stmt.col))

    def lower_Try(self, stmt: nodes.Try) -> None:
        line, col = stmt.line, stmt.col
        body = self._block(stmt.body)
        handlers: list[ast.ExceptHandler] = []
        if stmt.handlers:
            n = self._counter = self._counter + 1
            exc_name, err_name = f"__ml_exc_{n}", f"__ml_err_{n}"
            first = stmt.handlers[0]
            caught = self._helper("__ml_catch", [self._name(exc_name, first.line, first.col)],
                                  first.line, first.col)
            inner: list[ast.stmt] = [at(ast.Assign([self._name(err_name, first.line, first.col, STORE)],
                                                    caught), first.line, first.col)]
            chain: list[ast.stmt] = [at(ast.Raise(None, None), first.line, first.col)]
            for clause in reversed(stmt.handlers):
                clause_body = self._block(clause.body)
                if clause.name is not None:
                    bind = at(ast.Assign([self._name(mangle(clause.name), clause.line, clause.col,
                                                      STORE)],
                                          self._name(err_name, clause.line, clause.col)),
                               clause.line, clause.col)
                    clause_body.insert(0, bind)
                if clause.error_type is None:
                    chain = clause_body  # catches everything: later clauses are unreachable
                else:
                    test = self._helper("__ml_error_is", [
                        self._name(err_name, clause.line, clause.col),
                        self._const(clause.error_type, clause.line, clause.col)], clause.line, clause.col)
                    chain = [at(ast.If(test, clause_body, chain), clause.line, clause.col)]
            inner.extend(chain)
            handler = ast.ExceptHandler(self._name("__ml_BaseException", first.line, first.col), exc_name, inner)
            handlers.append(at(handler, first.line, first.col))
        final: list[ast.stmt] = []
        if stmt.finalbody is not None:
            fbody = self._block(stmt.finalbody)
            guard = at(ast.UnaryOp(ast.Not(), self._helper("__ml_in_fatal", [], line, col)), line, col)
            final = [at(ast.If(guard, fbody, []), line, col)]
        self._out.append(at(ast.Try(body, handlers, [], final), line, col))

    def lower_Import(self, stmt: nodes.Import) -> None:
        line, col = stmt.line, stmt.col
        if self.import_checker is not None:
            self.import_checker(list(stmt.path), stmt)
        alias = stmt.alias is not None
        bound = stmt.alias if alias else stmt.path[0]
        call = self._helper("__ml_import", [
            self._const(tuple(stmt.path), line, col), self._const(self.filename, line, col),
            self._const(alias, line, col)], line, col)
        target = self._name(mangle(bound), line, col, STORE)  # type: ignore[arg-type]
        self._out.append(at(ast.Assign([target], call), line, col))

    lower_Nonlocal = lower_CapabilityDecl = _lower_nothing
