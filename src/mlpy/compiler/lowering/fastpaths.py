"""Fast paths: inline code for plain values, decided at compile time (see docs/INTERNALS.md).

Only inside function and loop bodies (``_hot``): on a name, ``o.k``/``o.k = v``/``a.append(x)``/
``s.length``/``len(a)``/string conversion/``a * b`` test the exact Python type inline
(``x.__class__ is __ml_dict``) and fall back to the runtime helper; when the resolver proved the
kind (``kinds.py``), the test is dropped. Plain dicts, lists, strs, ints and floats are the only
values a fast path touches, so no fast path can reach any other Python object.
"""

from __future__ import annotations

import ast

from mlpy.compiler import kinds
from mlpy.compiler.lowering.base import LOAD, STORE, LoweringBase, at
from mlpy.language import nodes


class FastPaths(LoweringBase):
    """The inline type tests and their fallbacks, used by the expression and statement lowering."""

    def _str_operand(self, node: nodes.Expr) -> ast.expr:
        value = self.expr(node)
        if kinds.value_kind(node) == "str":
            return value  # already a string: no conversion
        return self._to_str(value, node)

    def _to_str(self, value: ast.expr, node: nodes.Expr, slow: ast.expr | None = None) -> ast.expr:
        """``__ml_str(value)``; a name that already holds a string is used as is (inline test).

        ``slow`` replaces the ``__ml_str`` call as the fallback (the builtin ``str(x)`` call itself).
        """
        line, col = node.line, node.col
        if (isinstance(node, nodes.Number) and type(node.value) is int
                and -kinds.FOLD_INT < node.value < kinds.FOLD_INT):
            return self._const(int.__repr__(node.value), line, col)  # `"n=" + 1`: ML text of an int
        if slow is None:
            slow = self._helper("__ml_str", [value], line, col)
        if not isinstance(node, nodes.Name):
            return slow
        known = node.kind
        if known == "str":
            return self._read(node)
        if known is not None or not self._hot:
            return slow
        # Strings are used as they are; an int's ML text is its Python repr.
        text = at(ast.Call(at(ast.Attribute(self._read(node), "__repr__", LOAD), line, col), [], []),
                   line, col)
        as_int = at(ast.IfExp(self._is_type(node, "__ml_int"), text, slow), line, col)
        return at(ast.IfExp(self._is_type(node, "__ml_strtype"), self._read(node), as_int), line, col)

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
            return at(ast.BinOp(left, ast.Add(), right), line, col)
        if not self._hot:
            return self._helper("__ml_add", [left, right], line, col)
        tmp = self._temp()
        total = at(ast.NamedExpr(self._name(tmp, line, col, STORE),
                                  at(ast.BinOp(left, ast.Add(), right), line, col)), line, col)
        self._fast_types.add("__ml_num")
        cls = at(ast.Attribute(total, "__class__", LOAD), line, col)
        test = at(ast.Compare(cls, [ast.In()], [self._name("__ml_num", line, col)]), line, col)
        slow = self._helper("__ml_sized", [self._name(tmp, line, col)], line, col)
        return at(ast.IfExp(test, self._name(tmp, line, col), slow), line, col)

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
            if kinds.number_literal(side) is not None:
                value = self.expr(side)
                operands.append((value, value))
                continue
            first: ast.expr
            if isinstance(side, nodes.Name):
                first = self._read(side)
                operands.append((self._read(side), self._read(side)))
            else:
                tmp = self._temp()
                first = at(ast.NamedExpr(self._name(tmp, line, col, STORE), self.expr(side)), line, col)
                operands.append((self._name(tmp, line, col), self._name(tmp, line, col)))
            self._fast_types.add("__ml_num")
            cls = at(ast.Attribute(first, "__class__", LOAD), line, col)
            tests.append(at(ast.Compare(cls, [ast.In()], [self._name("__ml_num", line, col)]), line, col))
        if len(tests) == 2:
            # The walrus temporaries must be bound before the operands are read: `&` evaluates both.
            test: ast.expr = at(ast.BinOp(tests[0], ast.BitAnd(), tests[1]), line, col)
        else:
            test = tests[0]
        (a_fast, a_slow), (b_fast, b_slow) = operands
        fast = at(ast.BinOp(a_fast, op, b_fast), line, col)
        slow = self._helper(helper, [a_slow, b_slow], line, col)
        return at(ast.IfExp(test, fast, slow), line, col)

    def _len(self, node: nodes.Call) -> ast.expr:
        """Builtin ``len(x)``: an array or string answers inline; anything else calls the builtin."""
        line, col = node.line, node.col
        arg = node.args[0]
        if not isinstance(arg, nodes.Name):
            return at(ast.Call(self.expr(node.func), [self.expr(arg)], []), line, col)
        known = arg.kind
        if known == "list" or known == "str":
            return self._length(arg, line, col)
        if known is not None or not self._hot:
            return at(ast.Call(self.expr(node.func), [self.expr(arg)], []), line, col)
        size = at(ast.Call(at(ast.Attribute(self._read(arg), "__len__", LOAD), line, col), [], []),
                   line, col)
        test = at(ast.BoolOp(ast.Or(), [self._is_type(arg, "__ml_list"), self._is_type(arg, "__ml_strtype")]),
                   line, col)
        slow = at(ast.Call(self.expr(node.func), [self._read(arg)], []), line, col)
        return at(ast.IfExp(test, size, slow), line, col)

    def _setmember(self, target: nodes.Member, value: ast.expr, line: int, col: int,
                   obj: ast.expr | None = None) -> ast.stmt:
        """``o.k = value`` as a statement; on a name, objects take an inline ``o["k"] = value``.

        ``value`` is one compiled tree used in both branches (only one of them runs).
        """
        key = target.name
        slow_obj = obj if obj is not None else self.expr(target.obj)
        slow = at(ast.Expr(self._helper("__ml_setmember", [slow_obj, self._const(key, line, col), value],
                                         line, col)), line, col)
        known = kinds.name_kind(target.obj)
        if (obj is not None or type(target.obj) is not nodes.Name or known not in (None, "dict")
                or (known is None and not self._hot)):
            return slow
        store = at(ast.Subscript(self._read(target.obj), self._const(key, line, col), STORE), line, col)
        fast = at(ast.Assign([store], value), line, col)
        if known == "dict":
            return fast
        return at(ast.If(self._is_type(target.obj, "__ml_dict"), [fast], [slow]), line, col)

    def _length(self, obj: nodes.Name, line: int, col: int) -> ast.expr:
        """``obj.__len__()``: the length of a name that holds an array or a string."""
        return at(ast.Call(at(ast.Attribute(self._read(obj), "__len__", LOAD), line, col), [], []), line, col)

    def _member_fast(self, node: nodes.Member, slow: ast.expr) -> ast.expr:
        """``o.k`` on a name in hot code: ``s.length`` of a string or array is its length; ``o.k`` of
        an object is ``o.get("k")`` (null when absent); anything else is ``slow``."""
        obj = node.obj
        if type(obj) is not nodes.Name:
            return slow
        line, col = node.name_line or node.line, node.name_col or node.col
        known = obj.kind
        if node.name == "length":
            if known == "str" or known == "list":
                return self._length(obj, node.line, node.col)
            if known is not None or not self._hot:
                return slow
            test = at(ast.BoolOp(ast.Or(), [self._is_type(obj, "__ml_strtype"),
                                            self._is_type(obj, "__ml_list")]), line, col)
            return at(ast.IfExp(test, self._length(obj, line, col), slow), node.line, node.col)
        if (known is not None and known != "dict") or (known is None and not self._hot):
            return slow
        get = at(ast.Attribute(self._read(obj), "get", LOAD), line, col)
        fast = at(ast.Call(get, [self._const(node.name, line, col)], []), line, col)
        if known == "dict":
            return fast
        return at(ast.IfExp(self._is_type(obj, "__ml_dict"), fast, slow), node.line, node.col)

    def _append_fast(self, node: nodes.Call, func: nodes.Member, call_args: list[ast.expr],
                     slow: ast.expr) -> ast.expr:
        """``a.append(x)`` on a name that holds an array is the list method itself."""
        obj = func.obj
        if func.name != "append" or type(obj) is not nodes.Name or len(call_args) != 1:
            return slow
        known = obj.kind
        if known not in (None, "list") or (known is None and not self._hot):
            return slow
        line, col = func.name_line or func.line, func.name_col or func.col
        method = at(ast.Attribute(self._read(obj), "append", LOAD), line, col)
        fast = at(ast.Call(method, call_args, []), node.line, node.col)
        if known == "list":
            return fast
        return at(ast.IfExp(self._is_type(obj, "__ml_list"), fast, slow), node.line, node.col)
