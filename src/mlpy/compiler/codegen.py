"""ML AST → Python ``ast`` (never text), with the semantics of SPEC §1 and the helpers of INTERNALS §4.

Every generated node carries the ML position (``lineno`` = ML line, ``col_offset`` = ML column - 1),
so a Python traceback of generated code points at ML lines. The visitor is a dispatch table by node
class with one method per node kind; it builds each Python node once and never copies trees.

Shapes worth knowing (they are the contract with the runtime):
- ``+`` concatenates (``__ml_str(a) + __ml_str(b)``) when an operand as written is a string literal or a
  concatenating plus; ``*``/``**`` go through ``__ml_mul``/``__ml_pow`` unless both sides are literals;
- ``o.k`` → ``__ml_member(o, "k")``, ``o.k = v`` → ``__ml_setmember``, ``o.m(a)`` → ``__ml_callmethod``;
- function declarations are hoisted to the top of their body; block-bodied arrows become a nested
  ``def __ml_arrow_<n>`` emitted just before the statement containing them;
- ``try``: one ``except __ml_BaseException`` that first calls ``__ml_catch``, then tests the ML clauses;
  ``finally`` bodies run only ``if not __ml_in_fatal()``.

Fast paths (INTERNALS §4), only inside function and loop bodies: on a name, ``o.k``/``o.k = v``/
``a.append(x)``/``s.length``/``len(a)``/string conversion/``a * b`` test the exact Python type inline
(``x.__class__ is __ml_dict``) and fall back to the helper; when the resolver proved the kind, the
test is dropped. Plain dicts, lists, strs, ints and floats are the only values a fast path touches.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Callable
from typing import Any

from mlpy.compiler.scopes import MANGLED_NAMES, Resolution, mangle
from mlpy.language import nodes

_BINOPS: dict[str, ast.operator] = {
    "+": ast.Add(), "-": ast.Sub(), "*": ast.Mult(), "/": ast.Div(), "//": ast.FloorDiv(),
    "%": ast.Mod(), "**": ast.Pow(),
}
_CMPOPS: dict[str, ast.cmpop] = {
    "<": ast.Lt(), ">": ast.Gt(), "<=": ast.LtE(), ">=": ast.GtE(), "==": ast.Eq(), "!=": ast.NotEq(),
}
_GUARDED_HELPERS = {"*": "__ml_mul", "**": "__ml_pow", "%": "__ml_mod", "+": "__ml_add"}
_LOAD = ast.Load()
_Name, _Call, _Constant = ast.Name, ast.Call, ast.Constant
_STORE = ast.Store()
_NEEDS_TYPE_PARAMS = sys.version_info >= (3, 12)
_FOLD_INT = 10**18  # int literals below this are converted to their ML text at compile time
_SAFE_LITERAL_EXPONENT = 64  # `2 ** 64` of two literals compiles to plain `**`; larger goes via __ml_pow


def _at(node: Any, line: int, col: int) -> Any:
    """Give a Python node the ML position (``col`` is 1-based).

    ``end_col_offset`` is left out on purpose: it is optional for ``compile()`` (which then uses
    ``col_offset``), nothing reads it (error reports use the start column from ``co_positions()``),
    and one attribute less on every node is measurable in compile speed.
    """
    node.lineno = node.end_lineno = line
    node.col_offset = col - 1
    return node


def _number_literal(node: nodes.Expr) -> int | float | None:
    """The value of a number literal, also a negated one, else ``None``."""
    if type(node) is nodes.Number:
        return node.value
    if type(node) is nodes.Unary and node.op == "-" and type(node.operand) is nodes.Number:
        return -node.operand.value
    return None


class CodeGenerator:
    """Turns one resolved ML program into an ``ast.Module``."""

    def __init__(self, filename: str, resolution: Resolution, *, count_steps: bool = False,
                 repl: bool = False, import_checker: Callable[..., None] | None = None) -> None:
        self.filename = filename
        self.resolution = resolution
        self.count_steps = count_steps
        self.repl = repl
        self.import_checker = import_checker
        self._out: list[ast.stmt] = []
        self._counter = 0
        self._concat: dict[int, bool] = {}
        self._fast_types: set[str] = set()  # type names the fast paths test (see _prologue)
        # > 0 inside a function or loop body: only code that may run many times gets the inline
        # type tests (they cost compile time; straight-line top-level code runs once).
        self._hot = 0
        self._stmt: dict[type, Callable[[Any], None]] = {
            nodes.ExprStmt: self._s_expr, nodes.Assign: self._s_assign, nodes.AugAssign: self._s_aug,
            nodes.ArrayDestructure: self._s_array_destructure,
            nodes.ObjectDestructure: self._s_object_destructure,
            nodes.If: self._s_if, nodes.While: self._s_while, nodes.For: self._s_for,
            nodes.Break: self._s_break, nodes.Continue: self._s_continue,
            nodes.FunctionDef: self._s_function, nodes.Return: self._s_return,
            nodes.Nonlocal: self._s_nothing, nodes.Throw: self._s_throw, nodes.Try: self._s_try,
            nodes.Import: self._s_import, nodes.CapabilityDecl: self._s_nothing,
        }
        self._expr: dict[type, Callable[[Any], ast.expr]] = {
            nodes.Number: self._e_constant, nodes.String: self._e_constant, nodes.Bool: self._e_constant,
            nodes.Null: self._e_null, nodes.Name: self._e_name, nodes.Array: self._e_array,
            nodes.Object: self._e_object, nodes.Binary: self._e_binary, nodes.Logical: self._e_logical,
            nodes.Unary: self._e_unary, nodes.Ternary: self._e_ternary, nodes.Call: self._e_call,
            nodes.Member: self._e_member, nodes.Index: self._e_index, nodes.Slice: self._e_slice,
            nodes.ArrowFunction: self._e_arrow,
        }

    # ------------------------------------------------------------------ small builders

    def expr(self, node: nodes.Expr) -> ast.expr:
        """Compile one ML expression."""
        return self._expr[type(node)](node)

    # The builders below are the hottest code of the generator: they set the position inline
    # (like ``_at``) instead of calling it.

    def _name(self, pyname: str, line: int, col: int, ctx: ast.expr_context = _LOAD) -> ast.Name:
        node = _Name(pyname, ctx)
        node.lineno = node.end_lineno = line
        node.col_offset = col - 1
        return node

    def _helper(self, helper: str, args: list[ast.expr], line: int, col: int) -> ast.Call:
        func = _Name(helper, _LOAD)
        func.lineno = func.end_lineno = line
        func.col_offset = col - 1
        node = _Call(func, args, [])
        node.lineno = node.end_lineno = line
        node.col_offset = col - 1
        return node

    def _const(self, value: Any, line: int, col: int) -> ast.Constant:
        node = _Constant(value)
        node.lineno = node.end_lineno = line
        node.col_offset = col - 1
        return node

    def _temp(self, prefix: str = "__ml_t") -> str:
        self._counter += 1
        return f"{prefix}{self._counter}"

    def _known(self, node: nodes.Expr) -> str | None:
        """The kind (``"dict"``, ``"list"``, ``"str"``) the resolver proved for a name read, if any."""
        return self.resolution.name_kinds.get(id(node)) if type(node) is nodes.Name else None

    def _kind(self, node: nodes.Expr) -> str | None:
        """The kind (``"dict"``, ``"list"``, ``"str"``) ``node``'s value certainly has, if known.

        Literals; names the resolver typed; concatenations; ``+`` of two strings or two arrays (Python
        ``str``/``list`` addition returns that exact type or raises); a slice of a string or array;
        a call of a builtin whose result kind is fixed (``str(x)``, ``range(n)``).
        """
        t = type(node)
        if t is nodes.Name:
            return self.resolution.name_kinds.get(id(node))
        if t is nodes.String:
            return "str"
        if t is nodes.Array:
            return "list"
        if t is nodes.Object:
            return "dict"
        if t is nodes.Binary:
            if node.op != "+":
                return None
            if self._is_concat(node):
                return "str"
            left = self._kind(node.left)
            if left is not None and left != "dict" and left == self._kind(node.right):
                return left
            return None
        if t is nodes.Call:
            func = node.func
            if type(func) is nodes.Name:
                return self.resolution.builtin_results.get(id(func))
            return None
        if t is nodes.Slice:
            obj = self._kind(node.obj)
            return obj if obj == "list" or obj == "str" else None
        return None

    def _is_type(self, node: nodes.Name, type_name: str) -> ast.expr:
        """``x.__class__ is __ml_<type>``: the inline test of a compile-time fast path (``x`` a name)."""
        self._fast_types.add(type_name)
        line, col = node.line, node.col
        cls = _at(ast.Attribute(self._e_name(node), "__class__", _LOAD), line, col)
        return _at(ast.Compare(cls, [ast.Is()], [self._name(type_name, line, col)]), line, col)

    def _step(self, line: int, col: int) -> ast.stmt:
        return _at(ast.Expr(self._helper("__ml_step", [], line, col)), line, col)

    def _arguments(self, params: list[nodes.Param]) -> ast.arguments:
        args = [_at(ast.arg(mangle(p.name)), p.line, p.col) for p in params]
        return ast.arguments(posonlyargs=[], args=args, vararg=None, kwonlyargs=[], kw_defaults=[],
                             kwarg=None, defaults=[])

    def _def(self, pyname: str, node: nodes.Node, params: list[nodes.Param],
             body: list[ast.stmt]) -> ast.FunctionDef:
        """A ``def`` with the Python declarations the resolver computed for ``node``."""
        info = self.resolution.functions.get(id(node))
        head: list[ast.stmt] = []
        if info is not None:
            if info.py_globals:
                head.append(_at(ast.Global([mangle(n) for n in info.py_globals]), node.line, node.col))
            if info.py_nonlocals:
                head.append(_at(ast.Nonlocal([mangle(n) for n in info.py_nonlocals]), node.line, node.col))
        if self.count_steps:
            head.append(self._step(node.line, node.col))
        fn = ast.FunctionDef(pyname, self._arguments(params), head + body, [], None, None)
        if _NEEDS_TYPE_PARAMS:
            fn.type_params = []
        return _at(fn, node.line, node.col)

    # ------------------------------------------------------------------ bodies

    def program(self, program: nodes.Program) -> ast.Module:
        """Compile a whole program (or REPL entry) into an ``ast.Module``."""
        body = program.body
        last = body[-1] if body else None
        if self.repl and type(last) is nodes.ExprStmt:
            stmts = self._block(body[:-1], allow_empty=True)
            self._out = stmts
            value = self.expr(last.expr)
            target = self._name("__ml_result__", last.line, last.col, _STORE)
            stmts.append(_at(ast.Assign([target], value), last.line, last.col))
        else:
            stmts = self._block(body, allow_empty=True)
        if self._fast_types:
            stmts[:0] = self._prologue()
        return ast.Module(stmts, [])

    def _prologue(self) -> list[ast.stmt]:
        """``__ml_dict = {}.__class__`` etc.: the exact types the inline fast paths compare with.

        Taken from literals, so generated code needs no Python builtin; the names start with ``__``,
        so ML code can neither read nor rebind them.
        """
        def cls(literal: ast.expr) -> ast.expr:
            return _at(ast.Attribute(_at(literal, 1, 1), "__class__", _LOAD), 1, 1)

        types: dict[str, ast.expr] = {
            "__ml_dict": cls(ast.Dict([], [])), "__ml_list": cls(ast.List([], _LOAD)),
            "__ml_strtype": cls(ast.Constant("")), "__ml_int": cls(ast.Constant(0)),
            "__ml_num": _at(ast.Tuple([cls(ast.Constant(0)), cls(ast.Constant(0.0))], _LOAD), 1, 1),
        }
        return [_at(ast.Assign([self._name(name, 1, 1, _STORE)], types[name]), 1, 1)
                for name in sorted(self._fast_types)]

    def _block(self, body: list[nodes.Stmt], allow_empty: bool = False) -> list[ast.stmt]:
        """Compile a body; function declarations directly in it are hoisted to its top."""
        saved = self._out
        out: list[ast.stmt] = []
        self._out = out
        table = self._stmt
        hoisted = [s for s in body if type(s) is nodes.FunctionDef]
        if hoisted and len(hoisted) != len(body):
            body = hoisted + [s for s in body if type(s) is not nodes.FunctionDef]
        for stmt in body:
            table[type(stmt)](stmt)
        self._out = saved
        if not out and not allow_empty:
            line, col = (body[0].line, body[0].col) if body else (1, 1)
            out.append(_at(ast.Pass(), line, col))
        return out

    def _hot_block(self, body: list[nodes.Stmt]) -> list[ast.stmt]:
        """``_block`` for a body that may run many times (a loop or function body)."""
        self._hot += 1
        try:
            return self._block(body)
        finally:
            self._hot -= 1

    def _loop_body(self, body: list[nodes.Stmt], node: nodes.Node) -> list[ast.stmt]:
        stmts = self._hot_block(body)
        if self.count_steps:
            stmts.insert(0, self._step(node.line, node.col))
        return stmts

    # ------------------------------------------------------------------ statements

    def _s_nothing(self, stmt: nodes.Stmt) -> None:
        """``nonlocal`` (declared at the function's top) and ``capability`` emit no code."""

    def _s_expr(self, stmt: nodes.ExprStmt) -> None:
        value = self.expr(stmt.expr)
        self._out.append(_at(ast.Expr(value), stmt.line, stmt.col))

    def _store_target(self, target: nodes.Expr) -> ast.expr:
        t = type(target)
        if t is nodes.Name:
            return self._name(mangle(target.id), target.line, target.col, _STORE)
        if t is nodes.Index:
            return _at(ast.Subscript(self.expr(target.obj), self.expr(target.index), _STORE),
                       target.line, target.col)
        if t is nodes.Slice:
            return _at(ast.Subscript(self.expr(target.obj), self._slice(target), _STORE),
                       target.line, target.col)
        raise TypeError(f"cannot assign to {t.__name__}")  # the parser never produces this

    def _s_assign(self, stmt: nodes.Assign) -> None:
        target = stmt.target
        if type(target) is nodes.Member:
            value = self.expr(stmt.value)
            self._out.append(self._setmember(target, value, stmt.line, stmt.col))
            return
        py_target = self._store_target(target)
        value = self.expr(stmt.value)
        self._out.append(_at(ast.Assign([py_target], value), stmt.line, stmt.col))

    def _setmember(self, target: nodes.Member, value: ast.expr, line: int, col: int,
                   obj: ast.expr | None = None) -> ast.stmt:
        """``o.k = value`` as a statement; on a name, objects take an inline ``o["k"] = value``.

        ``value`` is one compiled tree used in both branches (only one of them runs).
        """
        key = target.name
        slow_obj = obj if obj is not None else self.expr(target.obj)
        slow = _at(ast.Expr(self._helper("__ml_setmember", [slow_obj, self._const(key, line, col), value],
                                         line, col)), line, col)
        known = self._known(target.obj)
        if (obj is not None or type(target.obj) is not nodes.Name or known not in (None, "dict")
                or (known is None and not self._hot)):
            return slow
        store = _at(ast.Subscript(self._e_name(target.obj), self._const(key, line, col), _STORE), line, col)
        fast = _at(ast.Assign([store], value), line, col)
        if known == "dict":
            return fast
        return _at(ast.If(self._is_type(target.obj, "__ml_dict"), [fast], [slow]), line, col)

    def _combine(self, op: str, current: ast.expr, value_node: nodes.Expr, value: ast.expr, line: int,
                 col: int, current_name: nodes.Name | None = None) -> ast.expr:
        """``current op value`` for an augmented assignment (concatenation, ``*`` via helper)."""
        if op == "+" and (type(value_node) is nodes.String or self._is_concat(value_node)):
            # `x += "lit"` concatenates: the value is already a string, the current value is converted.
            if current_name is not None and self._known(current_name) == "str":
                pass  # already a string
            elif current_name is not None:
                current = self._to_str(current, current_name)
            else:
                current = self._helper("__ml_str", [current], line, col)
            if type(value_node) is not nodes.String:
                return self._sized_add(current, value, line, col)
            return _at(ast.BinOp(current, _BINOPS["+"], value), line, col)
        if op == "+" and _number_literal(value_node) is None:
            return self._sized_add(current, value, line, col)
        if op == "*":
            return self._helper("__ml_mul", [current, value], line, col)
        if op == "**":
            return self._helper("__ml_pow", [current, value], line, col)
        if op == "%":
            return self._helper("__ml_mod", [current, value], line, col)
        return _at(ast.BinOp(current, _BINOPS[op], value), line, col)

    def _s_aug(self, stmt: nodes.AugAssign) -> None:
        target, op, line, col = stmt.target, stmt.op, stmt.line, stmt.col
        t = type(target)
        if op in ("-", "/", "//") and t is not nodes.Member:
            # Python's own augmented assignment evaluates the container and index once. Not for `+`
            # or `*`: on a Python list they extend in place, but ML's `a += b` is `a = a + b`; not
            # for `%`: on a string it would be printf formatting (see `__ml_mod`).
            py_target = self._store_target(target)
            value = self.expr(stmt.value)
            self._out.append(_at(ast.AugAssign(py_target, _BINOPS[op], value), line, col))
            return
        if t is nodes.Name:
            pyname = mangle(target.id)
            new = self._combine(op, self._name(pyname, line, col), stmt.value, self.expr(stmt.value),
                                line, col, target)
            self._out.append(_at(ast.Assign([self._name(pyname, line, col, _STORE)], new), line, col))
            return
        if (t is nodes.Member and type(target.obj) is nodes.Name and self._hot
                and self._known(target.obj) in (None, "dict")):
            # `o.k op= v` on a name: objects inline (`o["k"] = o.get("k") op v`), others via helpers.
            obj, key = target.obj, target.name
            value = self.expr(stmt.value)
            get = _at(ast.Attribute(self._e_name(obj), "get", _LOAD), line, col)
            current = _at(ast.Call(get, [self._const(key, line, col)], []), line, col)
            store = _at(ast.Subscript(self._e_name(obj), self._const(key, line, col), _STORE), line, col)
            fast = _at(ast.Assign([store], self._combine(op, current, stmt.value, value, line, col)),
                       line, col)
            current = self._helper("__ml_member", [self._e_name(obj), self._const(key, line, col)],
                                   line, col)
            if self._known(obj) == "dict":
                self._out.append(fast)
                return
            slow = self._setmember(target, self._combine(op, current, stmt.value, value, line, col),
                                   line, col, obj=self._e_name(obj))
            self._out.append(_at(ast.If(self._is_type(obj, "__ml_dict"), [fast], [slow]), line, col))
            return
        # Evaluate the container (and the index) once into temporaries.
        obj_tmp = self._temp()
        self._assign_temp(obj_tmp, self.expr(target.obj), line, col)
        if t is nodes.Member:
            current = self._helper("__ml_member", [self._name(obj_tmp, line, col),
                                                   self._const(target.name, line, col)], line, col)
            new = self._combine(op, current, stmt.value, self.expr(stmt.value), line, col)
            self._out.append(self._setmember(target, new, line, col, obj=self._name(obj_tmp, line, col)))
            return
        if t is nodes.Index:
            idx_tmp = self._temp()
            self._assign_temp(idx_tmp, self.expr(target.index), line, col)

            def index() -> ast.expr:
                return self._name(idx_tmp, line, col)
        else:
            # A slice: each bound is evaluated once into a temporary, then used to read and write.
            bounds: list[str | None] = []
            for part in (target.start, target.stop, target.step):
                if part is None:
                    bounds.append(None)
                else:
                    tmp = self._temp()
                    self._assign_temp(tmp, self.expr(part), line, col)
                    bounds.append(tmp)

            def index() -> ast.expr:
                parts = [None if b is None else self._name(b, line, col) for b in bounds]
                return _at(ast.Slice(*parts), line, col)
        current = _at(ast.Subscript(self._name(obj_tmp, line, col), index(), _LOAD), line, col)
        new = self._combine(op, current, stmt.value, self.expr(stmt.value), line, col)
        store = _at(ast.Subscript(self._name(obj_tmp, line, col), index(), _STORE), line, col)
        self._out.append(_at(ast.Assign([store], new), line, col))

    def _assign_temp(self, name: str, value: ast.expr, line: int, col: int) -> None:
        self._out.append(_at(ast.Assign([self._name(name, line, col, _STORE)], value), line, col))

    def _tuple_targets(self, targets: list[nodes.Name], line: int, col: int) -> ast.Tuple:
        elts: list[ast.expr] = [self._name(mangle(t.id), t.line, t.col, _STORE) for t in targets]
        return _at(ast.Tuple(elts, _STORE), line, col)

    def _s_array_destructure(self, stmt: nodes.ArrayDestructure) -> None:
        line, col = stmt.line, stmt.col
        value = self._helper("__ml_unpack", [self.expr(stmt.value),
                                             self._const(len(stmt.targets), line, col)], line, col)
        self._out.append(_at(ast.Assign([self._tuple_targets(stmt.targets, line, col)], value), line, col))

    def _s_object_destructure(self, stmt: nodes.ObjectDestructure) -> None:
        line, col = stmt.line, stmt.col
        names = self._const(tuple(t.id for t in stmt.targets), line, col)
        value = self._helper("__ml_unpack_obj", [self.expr(stmt.value), names], line, col)
        self._out.append(_at(ast.Assign([self._tuple_targets(stmt.targets, line, col)], value), line, col))

    def _s_if(self, stmt: nodes.If) -> None:
        orelse = self._block(stmt.orelse) if stmt.orelse else []
        result: ast.stmt | None = None
        for branch in reversed(stmt.branches):
            test = self.expr(branch.cond)
            body = self._block(branch.body)
            node = _at(ast.If(test, body, [result] if result is not None else orelse),
                       branch.line, branch.col)
            result = node
        assert result is not None
        _at(result, stmt.line, stmt.col)
        self._out.append(result)

    def _s_while(self, stmt: nodes.While) -> None:
        test = self.expr(stmt.cond)
        body = self._loop_body(stmt.body, stmt)
        self._out.append(_at(ast.While(test, body, []), stmt.line, stmt.col))

    def _s_for(self, stmt: nodes.For) -> None:
        line, col = stmt.line, stmt.col
        it = stmt.iterable
        kind = self._kind(it)
        if kind == "list" or kind == "str":
            iterable = self.expr(it)  # arrays and strings iterate as they are
        elif self._hot and type(it) is nodes.Slice:
            # A slice is nearly always an array: `t if (t := a[i:]).__class__ is __ml_list else
            # __ml_iter(t)` skips the helper call then, and keeps it for anything else.
            self._fast_types.add("__ml_list")
            tmp = self._temp()
            bound = _at(ast.NamedExpr(self._name(tmp, line, col, _STORE), self.expr(it)), line, col)
            cls = _at(ast.Attribute(bound, "__class__", _LOAD), line, col)
            test = _at(ast.Compare(cls, [ast.Is()], [self._name("__ml_list", line, col)]), line, col)
            slow = self._helper("__ml_iter", [self._name(tmp, line, col)], line, col)
            iterable = _at(ast.IfExp(test, self._name(tmp, line, col), slow), line, col)
        else:
            iterable = self._helper("__ml_iter", [self.expr(it)], line, col)
        target = self._name(mangle(stmt.target.id), stmt.target.line, stmt.target.col, _STORE)
        body = self._loop_body(stmt.body, stmt)
        self._out.append(_at(ast.For(target, iterable, body, [], None), line, col))

    def _s_break(self, stmt: nodes.Break) -> None:
        self._out.append(_at(ast.Break(), stmt.line, stmt.col))

    def _s_continue(self, stmt: nodes.Continue) -> None:
        self._out.append(_at(ast.Continue(), stmt.line, stmt.col))

    def _s_function(self, stmt: nodes.FunctionDef) -> None:
        body = self._hot_block(stmt.body)
        self._out.append(self._def(mangle(stmt.name), stmt, stmt.params, body))

    def _s_return(self, stmt: nodes.Return) -> None:
        value = self.expr(stmt.value) if stmt.value is not None else None
        self._out.append(_at(ast.Return(value), stmt.line, stmt.col))

    def _s_throw(self, stmt: nodes.Throw) -> None:
        exc = self._helper("__ml_throw", [self.expr(stmt.value)], stmt.line, stmt.col)
        self._out.append(_at(ast.Raise(exc, None), stmt.line, stmt.col))

    def _s_try(self, stmt: nodes.Try) -> None:
        line, col = stmt.line, stmt.col
        body = self._block(stmt.body)
        handlers: list[ast.excepthandler] = []
        if stmt.handlers:
            n = self._counter = self._counter + 1
            exc_name, err_name = f"__ml_exc_{n}", f"__ml_err_{n}"
            first = stmt.handlers[0]
            caught = self._helper("__ml_catch", [self._name(exc_name, first.line, first.col)],
                                  first.line, first.col)
            inner: list[ast.stmt] = [_at(ast.Assign([self._name(err_name, first.line, first.col, _STORE)],
                                                    caught), first.line, first.col)]
            chain: list[ast.stmt] = [_at(ast.Raise(None, None), first.line, first.col)]
            for clause in reversed(stmt.handlers):
                clause_body = self._block(clause.body)
                if clause.name is not None:
                    bind = _at(ast.Assign([self._name(mangle(clause.name), clause.line, clause.col,
                                                      _STORE)],
                                          self._name(err_name, clause.line, clause.col)),
                               clause.line, clause.col)
                    clause_body.insert(0, bind)
                if clause.error_type is None:
                    chain = clause_body  # catches everything: later clauses are unreachable
                else:
                    test = self._helper("__ml_error_is", [
                        self._name(err_name, clause.line, clause.col),
                        self._const(clause.error_type, clause.line, clause.col)], clause.line, clause.col)
                    chain = [_at(ast.If(test, clause_body, chain), clause.line, clause.col)]
            inner.extend(chain)
            handler = ast.ExceptHandler(self._name("__ml_BaseException", first.line, first.col), exc_name, inner)
            handlers.append(_at(handler, first.line, first.col))
        final: list[ast.stmt] = []
        if stmt.finalbody is not None:
            fbody = self._block(stmt.finalbody)
            guard = _at(ast.UnaryOp(ast.Not(), self._helper("__ml_in_fatal", [], line, col)), line, col)
            final = [_at(ast.If(guard, fbody, []), line, col)]
        self._out.append(_at(ast.Try(body, handlers, [], final), line, col))

    def _s_import(self, stmt: nodes.Import) -> None:
        line, col = stmt.line, stmt.col
        if self.import_checker is not None:
            self.import_checker(list(stmt.path), stmt)
        alias = stmt.alias is not None
        bound = stmt.alias if alias else stmt.path[0]
        call = self._helper("__ml_import", [
            self._const(tuple(stmt.path), line, col), self._const(self.filename, line, col),
            self._const(alias, line, col)], line, col)
        target = self._name(mangle(bound), line, col, _STORE)  # type: ignore[arg-type]
        self._out.append(_at(ast.Assign([target], call), line, col))

    # ------------------------------------------------------------------ expressions

    def _e_constant(self, node: nodes.Number | nodes.String | nodes.Bool) -> ast.expr:
        const = _Constant(node.value)
        const.lineno = const.end_lineno = node.line
        const.col_offset = node.col - 1
        return const

    def _e_null(self, node: nodes.Null) -> ast.expr:
        return _at(ast.Constant(None), node.line, node.col)

    def _e_name(self, node: nodes.Name) -> ast.expr:
        name = node.id
        py = _Name("__kw_" + name if name in MANGLED_NAMES else name, _LOAD)
        py.lineno = py.end_lineno = node.line
        py.col_offset = node.col - 1
        return py

    def _e_array(self, node: nodes.Array) -> ast.expr:
        expr = self.expr
        return _at(ast.List([expr(i) for i in node.items], _LOAD), node.line, node.col)

    def _e_object(self, node: nodes.Object) -> ast.expr:
        keys: list[ast.expr | None] = [self._const(e.key, e.line, e.col) for e in node.entries]
        values = [self.expr(e.value) for e in node.entries]
        return _at(ast.Dict(keys, values), node.line, node.col)

    def _is_concat(self, node: nodes.Expr) -> bool:
        """True if ``node`` is a concatenating plus (SPEC §1.3), memoised per node."""
        if type(node) is not nodes.Binary or node.op != "+":
            return False
        key = id(node)
        known = self._concat.get(key)
        if known is None:
            left, right = node.left, node.right
            known = (type(left) is nodes.String or type(right) is nodes.String
                     or self._is_concat(left) or self._is_concat(right))
            self._concat[key] = known
        return known

    def _str_operand(self, node: nodes.Expr) -> ast.expr:
        value = self.expr(node)
        if self._kind(node) == "str":
            return value  # already a string: no conversion
        return self._to_str(value, node)

    def _to_str(self, value: ast.expr, node: nodes.Expr, slow: ast.expr | None = None) -> ast.expr:
        """``__ml_str(value)``; a name that already holds a string is used as is (inline test).

        ``slow`` replaces the ``__ml_str`` call as the fallback (the builtin ``str(x)`` call itself).
        """
        line, col = node.line, node.col
        if type(node) is nodes.Number and type(node.value) is int and -_FOLD_INT < node.value < _FOLD_INT:
            return self._const(int.__repr__(node.value), line, col)  # `"n=" + 1`: ML text of an int
        if slow is None:
            slow = self._helper("__ml_str", [value], line, col)
        known = self._known(node)
        if known == "str":
            return self._e_name(node)
        if type(node) is not nodes.Name or known is not None or not self._hot:
            return slow
        # Strings are used as they are; an int's ML text is its Python repr.
        text = _at(ast.Call(_at(ast.Attribute(self._e_name(node), "__repr__", _LOAD), line, col), [], []),
                   line, col)
        as_int = _at(ast.IfExp(self._is_type(node, "__ml_int"), text, slow), line, col)
        return _at(ast.IfExp(self._is_type(node, "__ml_strtype"), self._e_name(node), as_int), line, col)

    def _e_binary(self, node: nodes.Binary) -> ast.expr:
        op, line, col = node.op, node.line, node.col
        cmp = _CMPOPS.get(op)
        if cmp is not None:
            return _at(ast.Compare(self.expr(node.left), [cmp], [self.expr(node.right)]), line, col)
        if op == "+" and self._is_concat(node):
            left = self._str_operand(node.left)
            right = self._str_operand(node.right)
            if type(node.left) is not nodes.String and type(node.right) is not nodes.String:
                # Two computed strings (`x + "" + x`): may double in size, so the size guard.
                return self._sized_add(left, right, line, col)
            return _at(ast.BinOp(left, _BINOPS["+"], right), line, col)
        if op == "+":
            if _number_literal(node.left) is None and _number_literal(node.right) is None:
                # Strings and arrays may double (`x = x + x`): the result's size is checked.
                return self._sized_add(self.expr(node.left), self.expr(node.right), line, col)
            return _at(ast.BinOp(self.expr(node.left), _BINOPS[op], self.expr(node.right)), line, col)
        if op == "*" or op == "**" or op == "%":
            lval, rval = _number_literal(node.left), _number_literal(node.right)
            literal = lval is not None and rval is not None
            if literal and op == "**":
                literal = abs(rval) <= _SAFE_LITERAL_EXPONENT or lval in (0, 1, -1)  # type: ignore[arg-type]
                # a negative base with a float exponent may give a complex number: the guard refuses it
                literal = literal and not (lval < 0 and isinstance(rval, float))  # type: ignore[operator]
            if op == "%" and lval is not None:
                literal = True  # a number on the left: always the remainder, never string formatting
            if not literal:
                helper = _GUARDED_HELPERS[op]
                if op != "**" and self._hot:
                    return self._mul(node, _BINOPS[op], helper)
                return self._helper(helper, [self.expr(node.left), self.expr(node.right)], line, col)
        return _at(ast.BinOp(self.expr(node.left), _BINOPS[op], self.expr(node.right)), line, col)

    def _sized_add(self, left: ast.expr, right: ast.expr, line: int, col: int) -> ast.expr:
        """``left + right`` whose result may not exceed the string/array size limit.

        Emitted only when the program runs under limits (``count_steps``: ``--timeout``,
        ``--max-memory``, ...), so code without limits keeps Python's plain ``+``. In hot code the sum is computed inline and only a non-number result goes through
        ``__ml_sized`` (one class test for the common number case); elsewhere ``__ml_add`` checks the
        sizes before adding. Either way a doubling loop ends with a limit error after at most one
        allocation of twice the limit.
        """
        if not self.count_steps:
            # No limits: like an endless loop, unbounded growth is the host's choice (zero cost).
            return _at(ast.BinOp(left, ast.Add(), right), line, col)
        if not self._hot:
            return self._helper("__ml_add", [left, right], line, col)
        tmp = self._temp()
        total = _at(ast.NamedExpr(self._name(tmp, line, col, _STORE),
                                  _at(ast.BinOp(left, ast.Add(), right), line, col)), line, col)
        self._fast_types.add("__ml_num")
        cls = _at(ast.Attribute(total, "__class__", _LOAD), line, col)
        test = _at(ast.Compare(cls, [ast.In()], [self._name("__ml_num", line, col)]), line, col)
        slow = self._helper("__ml_sized", [self._name(tmp, line, col)], line, col)
        return _at(ast.IfExp(test, self._name(tmp, line, col), slow), line, col)

    def _mul(self, node: nodes.Binary, op: ast.operator, helper: str) -> ast.expr:
        """``a * b`` / ``a % b``: numbers compute inline; anything else goes through the guard
        ``helper`` (``__ml_mul``: size limits; ``__ml_mod``: no string formatting).

        Each operand is evaluated once: a name or literal is used as is, anything else is first
        bound to a temporary with ``:=``. Both tests always run (``&``), so both temporaries exist
        when the slow path needs them.
        """
        line, col = node.line, node.col
        tests: list[ast.expr] = []
        operands: list[tuple[ast.expr, ast.expr]] = []  # (first use, later use)
        for side in (node.left, node.right):
            if _number_literal(side) is not None:
                value = self.expr(side)
                operands.append((value, value))
                continue
            if type(side) is nodes.Name:
                first: ast.expr = self._e_name(side)
                later: Callable[[], ast.expr] = lambda side=side: self._e_name(side)  # noqa: E731
            else:
                tmp = self._temp()
                first = _at(ast.NamedExpr(self._name(tmp, line, col, _STORE), self.expr(side)), line, col)
                later = lambda tmp=tmp: self._name(tmp, line, col)  # noqa: E731
            self._fast_types.add("__ml_num")
            cls = _at(ast.Attribute(first, "__class__", _LOAD), line, col)
            tests.append(_at(ast.Compare(cls, [ast.In()], [self._name("__ml_num", line, col)]), line, col))
            operands.append((later(), later()))
        if len(tests) == 2:
            # The walrus temporaries must be bound before the operands are read: `&` evaluates both.
            test: ast.expr = _at(ast.BinOp(tests[0], ast.BitAnd(), tests[1]), line, col)
        else:
            test = tests[0]
        (a_fast, a_slow), (b_fast, b_slow) = operands
        fast = _at(ast.BinOp(a_fast, op, b_fast), line, col)
        slow = self._helper(helper, [a_slow, b_slow], line, col)
        return _at(ast.IfExp(test, fast, slow), line, col)

    def _e_logical(self, node: nodes.Logical) -> ast.expr:
        op = ast.And() if node.op == "&&" else ast.Or()
        return _at(ast.BoolOp(op, [self.expr(node.left), self.expr(node.right)]), node.line, node.col)

    def _e_unary(self, node: nodes.Unary) -> ast.expr:
        op: ast.unaryop = ast.Not() if node.op == "!" else ast.USub() if node.op == "-" else ast.UAdd()
        return _at(ast.UnaryOp(op, self.expr(node.operand)), node.line, node.col)

    def _e_ternary(self, node: nodes.Ternary) -> ast.expr:
        return _at(ast.IfExp(self.expr(node.cond), self.expr(node.then), self.expr(node.otherwise)),
                   node.line, node.col)

    def _e_call(self, node: nodes.Call) -> ast.expr:
        func = node.func
        expr = self.expr
        if type(func) is nodes.Member:
            line, col = func.name_line or func.line, func.name_col or func.col
            call_args = [expr(a) for a in node.args]
            slow = self._helper("__ml_callmethod", [expr(func.obj), self._const(func.name, line, col),
                                                    *call_args], node.line, node.col)
            known = self._known(func.obj)
            if (func.name != "append" or type(func.obj) is not nodes.Name or len(call_args) != 1
                    or known not in (None, "list") or (known is None and not self._hot)):
                return slow
            # Fast path: `a.append(x)` on an array is the list method itself.
            method = _at(ast.Attribute(self._e_name(func.obj), "append", _LOAD), line, col)
            fast = _at(ast.Call(method, call_args, []), node.line, node.col)
            if known == "list":
                return fast
            return _at(ast.IfExp(self._is_type(func.obj, "__ml_list"), fast, slow), node.line, node.col)
        if (type(func) is nodes.Name and len(node.args) == 1
                and id(func) in self.resolution.builtin_len_calls):
            return self._len(node)
        call = _at(ast.Call(expr(func), [expr(a) for a in node.args], []), node.line, node.col)
        if (type(func) is nodes.Name and func.id == "str" and len(node.args) == 1
                and self.resolution.builtin_results.get(id(func)) == "str"):
            # Builtin `str(x)`: a string or an int argument (on a name) is converted inline.
            arg = node.args[0]
            if type(arg) is nodes.Name or type(arg) is nodes.Number:
                return self._to_str(call, arg, slow=call)
        return call

    def _len(self, node: nodes.Call) -> ast.expr:
        """Builtin ``len(x)``: an array or string answers inline; anything else calls the builtin."""
        line, col = node.line, node.col
        arg = node.args[0]
        known = self._known(arg)
        if known == "list" or known == "str":
            return _at(ast.Call(_at(ast.Attribute(self._e_name(arg), "__len__", _LOAD), line, col), [], []),
                       line, col)
        if type(arg) is not nodes.Name or known is not None or not self._hot:
            return _at(ast.Call(self.expr(node.func), [self.expr(arg)], []), line, col)
        size = _at(ast.Call(_at(ast.Attribute(self._e_name(arg), "__len__", _LOAD), line, col), [], []),
                   line, col)
        test = _at(ast.BoolOp(ast.Or(), [self._is_type(arg, "__ml_list"), self._is_type(arg, "__ml_strtype")]),
                   line, col)
        slow = _at(ast.Call(self.expr(node.func), [self._e_name(arg)], []), line, col)
        return _at(ast.IfExp(test, size, slow), line, col)

    def _e_member(self, node: nodes.Member) -> ast.expr:
        line, col = node.name_line or node.line, node.name_col or node.col
        obj = node.obj
        slow = self._helper("__ml_member", [self.expr(obj), self._const(node.name, line, col)],
                            node.line, node.col)
        if type(obj) is not nodes.Name:
            return slow
        known = self._known(obj)
        if node.name == "length":
            if known == "str" or known == "list":
                return _at(ast.Call(_at(ast.Attribute(self._e_name(obj), "__len__", _LOAD), line, col), [],
                                    []), node.line, node.col)
            if known is not None or not self._hot:
                return slow
            # Fast path: `s.length` / `a.length` on a string or array is its length.
            size = _at(ast.Call(_at(ast.Attribute(self._e_name(obj), "__len__", _LOAD), line, col), [], []),
                       line, col)
            test = _at(ast.BoolOp(ast.Or(), [self._is_type(obj, "__ml_strtype"),
                                             self._is_type(obj, "__ml_list")]), line, col)
            return _at(ast.IfExp(test, size, slow), node.line, node.col)
        # Fast path: `o.k` on an object is `o.get("k")` (null when absent), inline.
        if (known is not None and known != "dict") or (known is None and not self._hot):
            return slow
        get = _at(ast.Attribute(self._e_name(obj), "get", _LOAD), line, col)
        fast = _at(ast.Call(get, [self._const(node.name, line, col)], []), line, col)
        if known == "dict":
            return fast
        return _at(ast.IfExp(self._is_type(obj, "__ml_dict"), fast, slow), node.line, node.col)

    def _e_index(self, node: nodes.Index) -> ast.expr:
        return _at(ast.Subscript(self.expr(node.obj), self.expr(node.index), _LOAD), node.line, node.col)

    def _slice(self, node: nodes.Slice) -> ast.Slice:
        parts = [None if p is None else self.expr(p) for p in (node.start, node.stop, node.step)]
        return _at(ast.Slice(*parts), node.line, node.col)

    def _e_slice(self, node: nodes.Slice) -> ast.expr:
        return _at(ast.Subscript(self.expr(node.obj), self._slice(node), _LOAD), node.line, node.col)

    def _e_arrow(self, node: nodes.ArrowFunction) -> ast.expr:
        line, col = node.line, node.col
        if isinstance(node.body, list):
            name = self._temp("__ml_arrow_")
            body = self._hot_block(node.body)
            self._out.append(self._def(name, node, node.params, body))
            return self._name(name, line, col)
        saved = self._out
        self._out = pending = []
        self._hot += 1
        try:
            value = self.expr(node.body)
        finally:
            self._hot -= 1
            self._out = saved
        if pending:
            # The body holds a block arrow: it must live inside this function, so this arrow
            # becomes a def too.
            name = self._temp("__ml_arrow_")
            pending.append(_at(ast.Return(value), line, col))
            self._out.append(self._def(name, node, node.params, pending))
            return self._name(name, line, col)
        if self.count_steps:
            step = self._helper("__ml_step", [], line, col)
            value = _at(ast.Subscript(_at(ast.Tuple([step, value], _LOAD), line, col),
                                      self._const(1, line, col), _LOAD), line, col)
        return _at(ast.Lambda(self._arguments(node.params), value), line, col)
