"""Lowering of ML expressions: one ``lower_<Node>`` method per expression node class.

Shapes worth knowing (they are the contract with the runtime, see docs/INTERNALS.md):
``+`` concatenates (``__ml_str(a) + __ml_str(b)``) when an operand as written is a string literal or
a concatenating plus; ``*``/``**``/``%`` go through ``__ml_mul``/``__ml_pow``/``__ml_mod`` unless both
sides are literals; ``o.k`` → ``__ml_member(o, "k")``, ``o.m(a)`` → ``__ml_callmethod``;
block-bodied arrows become a nested ``def __ml_arrow_<n>`` emitted just before the statement
containing them.
"""

from __future__ import annotations

import ast
from collections.abc import Callable

from mlpy.compiler import kinds
from mlpy.compiler.lowering.base import LOAD, at, too_big_to_copy
from mlpy.compiler.lowering.fastpaths import FastPaths
from mlpy.language import nodes
from mlpy.language.deadline import check_deadline

BINOPS: dict[str, ast.operator] = {
    "+": ast.Add(), "-": ast.Sub(), "*": ast.Mult(), "/": ast.Div(), "//": ast.FloorDiv(),
    "%": ast.Mod(), "**": ast.Pow(),
}
_SCALARS = (nodes.Number, nodes.String, nodes.Bool, nodes.Null)
"""Literals that are never arrays: comparing with one needs no size check."""
_CMPOPS: dict[str, ast.cmpop] = {
    "<": ast.Lt(), ">": ast.Gt(), "<=": ast.LtE(), ">=": ast.GtE(), "==": ast.Eq(), "!=": ast.NotEq(),
}
_ADD = BINOPS["+"]
_AND, _OR, _NOT, _USUB, _UADD = ast.And(), ast.Or(), ast.Not(), ast.USub(), ast.UAdd()
_GUARDED_HELPERS = {"*": "__ml_mul", "**": "__ml_pow", "%": "__ml_mod", "+": "__ml_add"}
_SAFE_LITERAL_EXPONENT = 64  # `2 ** 64` of two literals compiles to plain `**`; larger goes via __ml_pow
_SAFE_LITERAL_BASE_BITS = 1024  # ... and so does a longer int base: `0x<200k digits> ** 64` is seconds of C



def _number_literal(node: nodes.Expr) -> int | float | None:
    """``kinds.number_literal``, answered at once for a literal and for anything but a sign."""
    if type(node) is nodes.Number:
        return node.value
    return kinds.number_literal(node) if type(node) is nodes.Unary else None


def _long_int_literals(node: nodes.Binary) -> bool:
    """Are both operands int literals longer than ``_SAFE_LITERAL_BASE_BITS``? Python's compile()
    folds ``%`` and ``//`` of two such constants itself: quadratic work in one C call that no limit
    can interrupt, so under limits they go through the guard instead."""
    left, right = kinds.number_literal(node.left), kinds.number_literal(node.right)
    return (isinstance(left, int) and isinstance(right, int)
            and min(abs(left).bit_length(), abs(right).bit_length()) > _SAFE_LITERAL_BASE_BITS)

_CHAIN_LINKS = frozenset({nodes.Binary, nodes.Logical, nodes.Member})
"""Nodes whose ``_chain_operand`` may be one of them again, to any length (``a + b + ...``,
``a && b && ...``, ``a.b.c...``, ``a ** b ** ...``): see ``ExpressionLowering._lower_chain_below``."""

def _chain_operand(node: nodes.Expr) -> nodes.Expr:
    """The operand a chain continues in: a member's object, the right operand of ``**`` (which
    groups to the right), the left operand of any other operator."""
    if type(node) is nodes.Member:
        return node.obj
    if type(node) is nodes.Binary and node.op == "**":
        return node.right
    return node.left  # type: ignore[attr-defined,no-any-return]


CHAIN_MIN = 16
"""Chains at least this long are lowered bottom up in a loop; shorter ones by the
plain recursion (a few Python frames per link)."""

_MIN_LINKS = range(CHAIN_MIN)


def _long_chain(node: nodes.Expr) -> bool:
    """Does a chain of at least ``CHAIN_MIN`` links (each the ``_chain_operand`` of the one
    before) start at ``node``? Asked before ``_lower_chain_below``, so the usual chains of two or
    three links cost a few type tests."""
    for _ in _MIN_LINKS:
        if type(node) not in _CHAIN_LINKS:
            return False
        node = _chain_operand(node)
    return True


class ExpressionLowering(FastPaths):
    """ML expressions to Python expressions."""

    _prelowered: dict[int, ast.expr] | None = None
    """id(ML node) -> its lowering, for the links of a long chain lowered ahead (set per instance
    when first needed); each entry is taken out by the lowering of the link above."""

    def _lower_chain_below(self, node: nodes.Binary | nodes.Logical | nodes.Member) -> None:
        """Lower the chain of ``_chain_operand`` links under ``node`` ahead, bottom up in a loop, when
        it is long: the lowering of each link asks for that operand's lowering, so the recursion
        would take a few Python frames per link, and a one-line sum of thousands of terms is that
        deep. Each link is lowered as the recursion would lower it (same code, in the same
        context); only the order of the temporaries' numbers differs."""
        prelowered = self._prelowered
        chain: list[nodes.Expr] = []
        current: nodes.Expr = node
        while True:
            current = _chain_operand(current)
            if type(current) not in _CHAIN_LINKS or (prelowered is not None and id(current) in prelowered):
                break
            chain.append(current)
        if len(chain) < CHAIN_MIN:
            return
        if prelowered is None:
            prelowered = self._prelowered = {}
        lower = self._lower
        for link in reversed(chain[:-1]):  # (the last one's operand is no link: it does not look here)
            prelowered[id(link)] = lower[type(link)](self, link)

    def _lower_constant(self, node: nodes.Number | nodes.String | nodes.Bool) -> ast.expr:
        const = ast.Constant(node.value)
        const.lineno = node.line
        const.col_offset = node.col - 1
        return const

    def lower_Null(self, node: nodes.Null) -> ast.expr:
        const = ast.Constant(None)
        const.lineno = node.line
        const.col_offset = node.col - 1
        return const

    def lower_Array(self, node: nodes.Array) -> ast.expr:
        if self.deadline is not None:  # a literal can be most of a program: checked per item too
            return at(ast.List([self._timed(self.expr, i) for i in node.items], LOAD), node.line, node.col)
        lower = self._lower
        array = ast.List([lower[type(i)](self, i) for i in node.items], LOAD)
        array.lineno = node.line
        array.col_offset = node.col - 1
        return array

    def _timed(self, expr: Callable[[nodes.Expr], ast.expr], item: nodes.Expr) -> ast.expr:
        check_deadline(self.deadline, self.filename, item.line, item.col)
        return expr(item)

    def lower_Object(self, node: nodes.Object) -> ast.expr:
        keys: list[ast.expr | None] = [self._const(e.key, e.line, e.col) for e in node.entries]
        if self.deadline is not None:
            values = [self._timed(self.expr, e.value) for e in node.entries]
            return at(ast.Dict(keys, values), node.line, node.col)
        lower = self._lower
        values = [lower[type(e.value)](self, e.value) for e in node.entries]
        return at(ast.Dict(keys, values), node.line, node.col)

    def lower_Binary(self, node: nodes.Binary) -> ast.expr:
        chained = node.right if node.op == "**" else node.left
        if type(chained) in _CHAIN_LINKS:
            if self._prelowered:
                done = self._prelowered.pop(id(node), None)
                if done is not None:
                    return done
            if type(_chain_operand(chained)) in _CHAIN_LINKS and _long_chain(chained):
                self._lower_chain_below(node)
        op, line, col = node.op, node.line, node.col
        cmp = _CMPOPS.get(op)
        if cmp is not None:
            if self.count_steps and type(node.left) not in _SCALARS and type(node.right) not in _SCALARS \
                    and not kinds.is_number(node.left) and not kinds.is_number(node.right):
                # Under limits, two values that may be arrays: the comparison's size is checked.
                helper = {"==": "__ml_eq", "!=": "__ml_ne", "<": "__ml_lt", "<=": "__ml_le", ">": "__ml_gt",
                          ">=": "__ml_ge"}[op]
                if not self._hot:
                    return self._helper(helper, [self.expr(node.left), self.expr(node.right)], line, col)
                # Hot code: a number on the left compares inline (`i < n`), anything else via the guard.
                if isinstance(node.left, nodes.Name):
                    first, fast_left, slow_left = (self._read(node.left) for _ in range(3))
                else:
                    tmp = self._temp()
                    first = at(ast.NamedExpr(self._name(tmp, line, col, ast.Store()), self.expr(node.left)), line, col)
                    fast_left, slow_left = self._name(tmp, line, col), self._name(tmp, line, col)
                right = self.expr(node.right)
                if too_big_to_copy(right):  # one copy per branch: nested, that doubles at every level
                    return self._helper(helper, [first.value if isinstance(first, ast.NamedExpr) else first,
                                                 right], line, col)
                fast = at(ast.Compare(fast_left, [cmp], [right]), line, col)
                slow = self._helper(helper, [slow_left, self.expr(node.right)], line, col)
                return at(ast.IfExp(self._number_test(first, line, col), fast, slow), line, col)
            return at(ast.Compare(self.expr(node.left), [cmp], [self.expr(node.right)]), line, col)
        if op == "+":
            return self._plus(node, line, col)
        if op == "-" or op == "/" or (op == "//" and not self.count_steps):
            lhs, rhs, lower = node.left, node.right, self._lower
            return self._binop(lower[type(lhs)](self, lhs), BINOPS[op], lower[type(rhs)](self, rhs), line, col)
        return self._arith(node, op, line, col)

    def _binop(self, left: ast.expr, op: ast.operator, right: ast.expr, line: int, col: int) -> ast.expr:
        """``left op right`` at the ML position (built inline: the commonest node of arithmetic)."""
        node = ast.BinOp(left, op, right)
        node.lineno = line
        node.col_offset = col - 1
        return node

    def _plus(self, node: nodes.Binary, line: int, col: int) -> ast.expr:
        """``+``: a concatenation converts its operands to their ML text; under limits a result that
        may be a string or array is size-checked (``_sized_add``); else Python's ``+``."""
        if node.concat:
            left = self._str_operand(node.left)
            right = self._str_operand(node.right)
            if self.count_steps and type(node.left) is not nodes.String \
                    and type(node.right) is not nodes.String:
                # Two computed strings (`x + "" + x`): may double in size, so the size guard.
                return self._sized_add(left, right, line, col, "str")
            return self._binop(left, _ADD, right, line, col)
        if self.count_steps and not self._is_number(node.left) and not self._is_number(node.right) \
                and not (self._never_sequence(node.left) and self._never_sequence(node.right)):
            # Strings and arrays may double (`x = x + x`): the result's size is checked.
            kind = self._value_kind(node)
            return self._sized_add(self.expr(node.left), self.expr(node.right), line, col, kind,
                                   self._sequence_hint(node) if kind is None else None)
        lhs, rhs, lower = node.left, node.right, self._lower
        total = ast.BinOp(lower[type(lhs)](self, lhs), _ADD, lower[type(rhs)](self, rhs))
        total.lineno = line
        total.col_offset = col - 1
        return total

    def _arith(self, node: nodes.Binary, op: str, line: int, col: int) -> ast.expr:
        """``*``, ``**``, ``%`` and ``//`` (this one only under limits): through their guard unless
        the operands make it harmless (see ``_GUARDED_HELPERS``)."""
        left, right = node.left, node.right
        lval = _number_literal(left)
        rval = _number_literal(right)
        if op == "//":
            if _long_int_literals(node) or (lval is None and rval is None):
                # Under limits: integer division is quadratic, so its cost is checked first (inline
                # for a small int on the left, in hot code).
                if self._hot:
                    return self._mul(node, BINOPS[op], "__ml_floordiv", small=True)
                return self._helper("__ml_floordiv", [self.expr(left), self.expr(right)], line, col)
            return self._binop(self.expr(left), BINOPS[op], self.expr(right), line, col)
        literal = lval is not None and rval is not None
        if literal and op == "**":
            literal = (abs(rval) <= _SAFE_LITERAL_EXPONENT  # type: ignore[arg-type]
                       and (not isinstance(lval, int) or abs(lval).bit_length() <= _SAFE_LITERAL_BASE_BITS)
                       ) or lval in (0, 1, -1)
            # a negative base with a float exponent may give a complex number: the guard refuses it
            literal = literal and not (lval < 0 and isinstance(rval, float))  # type: ignore[operator]
        if op == "%" and (lval is not None or (not self.count_steps and self._is_int(left))):
            literal = True  # a number on the left: always the remainder, never string formatting
            if self.count_steps and _long_int_literals(node):
                return self._helper("__ml_mod", [self.expr(left), self.expr(right)], line, col)
        if op == "*" and not self.count_steps and self._is_number(left) and self._is_number(right):
            literal = True  # two numbers: a product, never a repetition
        if not literal:
            helper = _GUARDED_HELPERS[op]
            # Under limits, two computed integers go through the guard (size and work checks)
            # unless both are small (tested inline).
            if op != "**" and self._hot:
                return self._mul(node, BINOPS[op], helper,
                                 small=self.count_steps and lval is None and rval is None)
            return self._helper(helper, [self.expr(left), self.expr(right)], line, col)
        return self._binop(self.expr(left), BINOPS[op], self.expr(right), line, col)

    def lower_Logical(self, node: nodes.Logical) -> ast.expr:
        left, right, lower = node.left, node.right, self._lower
        if type(left) in _CHAIN_LINKS:
            if self._prelowered:
                done = self._prelowered.pop(id(node), None)
                if done is not None:
                    return done
            if type(_chain_operand(left)) in _CHAIN_LINKS and _long_chain(left):
                self._lower_chain_below(node)
        result = ast.BoolOp(_AND if node.op == "&&" else _OR,
                            [lower[type(left)](self, left), lower[type(right)](self, right)])
        result.lineno = node.line
        result.col_offset = node.col - 1
        return result

    def lower_Unary(self, node: nodes.Unary) -> ast.expr:
        operand = node.operand
        if type(operand) is nodes.Unary:
            return self._unary_chain(node)
        op: ast.unaryop = _NOT if node.op == "!" else _USUB if node.op == "-" else _UADD
        result = ast.UnaryOp(op, self._lower[type(operand)](self, operand))
        result.lineno = node.line
        result.col_offset = node.col - 1
        return result

    def _unary_chain(self, node: nodes.Unary) -> ast.expr:
        """``- - ! ... x``: the innermost operand lowered, then wrapped sign by sign in a loop (as
        deep as the parser allows, without a Python frame per sign)."""
        signs: list[nodes.Unary] = []
        current: nodes.Expr = node
        while type(current) is nodes.Unary:
            signs.append(current)
            current = current.operand
        result: ast.expr = self._lower[type(current)](self, current)
        for sign in reversed(signs):
            op: ast.unaryop = _NOT if sign.op == "!" else _USUB if sign.op == "-" else _UADD
            result = at(ast.UnaryOp(op, result), sign.line, sign.col)
        return result

    def lower_Ternary(self, node: nodes.Ternary) -> ast.expr:
        cond, then, otherwise, lower = node.cond, node.then, node.otherwise, self._lower
        result = ast.IfExp(lower[type(cond)](self, cond), lower[type(then)](self, then),
                           lower[type(otherwise)](self, otherwise))
        result.lineno = node.line
        result.col_offset = node.col - 1
        return result

    def lower_Call(self, node: nodes.Call) -> ast.expr:
        func = node.func
        expr = self.expr
        if type(func) is nodes.Member:
            line, col = func.name_line or func.line, func.name_col or func.col
            call_args = [expr(a) for a in node.args]
            slow = self._helper("__ml_callmethod", [expr(func.obj), self._const(func.name, line, col),
                                                    *call_args], node.line, node.col)
            if self._value_kind(func.obj) == "str":
                direct = self._string_method(func, node.args, call_args)
                if direct is not None:
                    return direct
            return self._append_fast(node, func, call_args, slow)
        if type(func) is nodes.Name and func.builtin and len(node.args) == 1:
            if func.id == "len":
                return self._len(node)
            if func.id == "str":
                # Builtin `str(x)` is the ML text of x: `__ml_str` at once, or inline (see _to_str).
                arg = node.args[0]
                return self._to_str(expr(arg), arg)
        lower = self._lower
        call = ast.Call(lower[type(func)](self, func), [lower[type(a)](self, a) for a in node.args], [])
        call.lineno = node.line
        call.col_offset = node.col - 1
        return call

    def lower_Member(self, node: nodes.Member) -> ast.expr:
        if type(node.obj) in _CHAIN_LINKS:
            if self._prelowered:
                done = self._prelowered.pop(id(node), None)
                if done is not None:
                    return done
            if type(_chain_operand(node.obj)) in _CHAIN_LINKS and _long_chain(node.obj):
                self._lower_chain_below(node)
        line, col = node.name_line or node.line, node.name_col or node.col
        slow = self._helper("__ml_member", [self.expr(node.obj), self._const(node.name, line, col)],
                            node.line, node.col)
        return self._member_fast(node, slow)

    def lower_Index(self, node: nodes.Index) -> ast.expr:
        obj, index, lower = node.obj, node.index, self._lower
        result = ast.Subscript(lower[type(obj)](self, obj), lower[type(index)](self, index), LOAD)
        result.lineno = node.line
        result.col_offset = node.col - 1
        return result

    def _slice(self, node: nodes.Slice) -> ast.Slice:
        parts = [None if p is None else self.expr(p) for p in (node.start, node.stop, node.step)]
        return at(ast.Slice(*parts), node.line, node.col)

    def lower_Slice(self, node: nodes.Slice) -> ast.expr:
        return at(ast.Subscript(self.expr(node.obj), self._slice(node), LOAD), node.line, node.col)

    def lower_ArrowFunction(self, node: nodes.ArrowFunction) -> ast.expr:
        line, col = node.line, node.col
        if isinstance(node.body, list):
            name = self._temp("__ml_arrow_")
            body = self._function_block(node.body)
            self._out.append(self._def(name, node, node.params, body))
            return self._name(name, line, col)
        saved = self._out
        pending: list[ast.stmt] = []
        self._out = pending
        self._hot += 1
        flags, self._dict_flags = self._dict_flags, {}  # the body runs later: no loop flag holds
        try:
            value = self.expr(node.body)
        finally:
            self._hot -= 1
            self._out = saved
            self._dict_flags = flags
        if pending:
            # The body holds a block arrow: it must live inside this function, so this arrow
            # becomes a def too.
            name = self._temp("__ml_arrow_")
            pending.append(at(ast.Return(value), line, col))
            self._out.append(self._def(name, node, node.params, pending))
            return self._name(name, line, col)
        if self.count_steps:
            step = self._helper("__ml_step", [], line, col)
            value = at(ast.Subscript(at(ast.Tuple([step, value], LOAD), line, col),
                                      self._const(1, line, col), LOAD), line, col)
        return at(ast.Lambda(self._arguments(node.params), value), line, col)

    lower_Number = lower_String = lower_Bool = _lower_constant

    lower_Name = FastPaths._read  # no frame of its own: names are the commonest expression
