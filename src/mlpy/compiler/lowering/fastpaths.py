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
from mlpy.compiler.lowering.base import LOAD, STORE, LoweringBase, at, too_big_to_copy
from mlpy.language import nodes

PLAIN_STRING_METHODS: frozenset[str] = frozenset({
    "upper", "lower", "strip", "lstrip", "rstrip", "capitalize", "title", "isdigit", "isalpha",
    "isalnum", "isspace", "isupper", "islower",
})
"""String methods whose ML implementation is Python's own ``str`` method (a test keeps this in step
with ``mlpy.runtime.members.STRING_METHODS``): called without arguments on a known string, they
compile to the Python method call itself."""


SMALL_INT = (1 << 30) - 1
"""Ints up to this size (in magnitude) multiply and divide in no time, and CPython compares them
fastest: under limits, ``*``, ``%`` and ``//`` of two such ints need no work check."""


_KIND_STANDINS: dict[str | None, nodes.Expr] = {
    None: nodes.Null(0, 0), "int": nodes.Number(0, 0, 0), "str": nodes.String(0, 0, ""),
    "list": nodes.Array(0, 0, []), "dict": nodes.Object(0, 0, []),
}
"""For each kind, a leaf whose ``kinds.value_kind`` is that kind (see ``FastPaths._value_kind``)."""

_SEQUENCE_STANDINS: dict[bool, nodes.Expr] = {True: nodes.Null(0, 0), False: nodes.Name(0, 0, "x")}
"""For each answer, a leaf whose ``kinds.never_sequence`` is that answer."""

_KIND_PARTS = frozenset({nodes.Binary, nodes.Unary, nodes.Member, nodes.Slice})
"""Nodes whose ``kinds.value_kind`` looks at the kind of an operand."""

_SEQUENCE_PARTS = frozenset({nodes.Binary, nodes.Logical, nodes.Ternary})
"""Nodes whose ``kinds.never_sequence`` looks at the answer for an operand."""


_IN, _IS, _ADD, _AND, _OR, _LTE, _BITAND = ast.In(), ast.Is(), ast.Add(), ast.And(), ast.Or(), ast.LtE(), ast.BitAnd()
"""Operator nodes hold no data: one of each serves every tree."""
_LEAVES = frozenset({nodes.Number, nodes.String, nodes.Bool, nodes.Null, nodes.Name})
"""ML nodes whose lowering is one Python node, built from the node alone (no temporaries, nothing
emitted before the statement): a tree may use it in two places (compile() converts each use)."""


class FastPaths(LoweringBase):
    """The inline type tests and their fallbacks, used by the expression and statement lowering."""

    # What `kinds` knows, asked in linear time. `kinds` answers for an operator node by asking again
    # for its operands, so asking it at every link of `a + b + c + ...` walks all the links below
    # each time: quadratic in one statement (3,000 links took 13 s, past any compile deadline). Here
    # the answer for an operator node is remembered, and `kinds` is shown the node with each
    # compound operand replaced by a leaf that has that operand's (remembered) answer.

    def _value_kind(self, node: nodes.Expr) -> kinds.Kind | None:
        """``kinds.value_kind(node)``, remembered for operator nodes during this lowering."""
        kind = type(node)
        if kind not in _KIND_PARTS:
            return kinds.value_kind(node)
        key = id(node)
        memo = self._kind_memo
        if key in memo:
            return memo[key]
        if kind is nodes.Binary:
            below = node.left  # type: ignore[attr-defined]
        elif kind is nodes.Unary:
            below = node.operand  # type: ignore[attr-defined]
        else:
            below = node.obj  # type: ignore[attr-defined]
        if type(below) in _KIND_PARTS and id(below) not in memo:
            self._remember_kinds_below(node)
        shallow: nodes.Expr
        if kind is nodes.Binary:
            assert isinstance(node, nodes.Binary)
            shallow = nodes.Binary(node.line, node.col, node.op, self._kind_standin(node.left),
                                   self._kind_standin(node.right), node.concat)
        elif kind is nodes.Unary:
            assert isinstance(node, nodes.Unary)
            shallow = nodes.Unary(node.line, node.col, node.op, self._kind_standin(node.operand))
        elif kind is nodes.Member:
            assert isinstance(node, nodes.Member)
            shallow = nodes.Member(node.line, node.col, self._kind_standin(node.obj), node.name)
        else:
            assert isinstance(node, nodes.Slice)
            shallow = nodes.Slice(node.line, node.col, self._kind_standin(node.obj), node.start, node.stop,
                                  node.step)
        result = memo[key] = kinds.value_kind(shallow)
        return result

    def _remember_kinds_below(self, node: nodes.Expr) -> None:
        """Remember the kinds of the chain of first operands under ``node`` (``a + b + ...``,
        ``a.b.c``), bottom up in a loop: asked top down, each answer would ask the one below it
        first, a Python frame per link (a one-line sum of thousands of terms is that deep)."""
        memo = self._kind_memo
        chain: list[nodes.Expr] = []
        current = node
        while True:
            kind = type(current)
            if kind is nodes.Binary:
                current = current.left  # type: ignore[attr-defined]
            elif kind is nodes.Member or kind is nodes.Slice:
                current = current.obj  # type: ignore[attr-defined]
            elif kind is nodes.Unary:
                current = current.operand  # type: ignore[attr-defined]
            else:
                break
            if type(current) not in _KIND_PARTS or id(current) in memo:
                break
            chain.append(current)
        for link in reversed(chain):
            self._value_kind(link)

    def _kind_standin(self, node: nodes.Expr) -> nodes.Expr:
        """``node`` itself if ``kinds`` answers for it at once, else a leaf of the same kind."""
        if type(node) not in _KIND_PARTS:
            return node
        return _KIND_STANDINS.get(self._value_kind(node), node)

    def _never_sequence(self, node: nodes.Expr) -> bool:
        """``kinds.never_sequence(node)``, remembered for operator nodes during this lowering."""
        kind = type(node)
        if kind not in _SEQUENCE_PARTS:
            return kinds.never_sequence(node)
        key = id(node)
        memo = self._sequence_memo
        if key in memo:
            return memo[key]
        below = node.then if kind is nodes.Ternary else node.left  # type: ignore[attr-defined]
        if type(below) in _SEQUENCE_PARTS and id(below) not in memo:
            self._remember_sequences_below(node)
        shallow: nodes.Expr
        if kind is nodes.Binary:
            assert isinstance(node, nodes.Binary)
            shallow = nodes.Binary(node.line, node.col, node.op, self._sequence_standin(node.left),
                                   self._sequence_standin(node.right), node.concat)
        elif kind is nodes.Logical:
            assert isinstance(node, nodes.Logical)
            shallow = nodes.Logical(node.line, node.col, node.op, self._sequence_standin(node.left),
                                    self._sequence_standin(node.right))
        else:
            assert isinstance(node, nodes.Ternary)
            shallow = nodes.Ternary(node.line, node.col, node.cond, self._sequence_standin(node.then),
                                    self._sequence_standin(node.otherwise))
        result = memo[key] = kinds.never_sequence(shallow)
        return result

    def _remember_sequences_below(self, node: nodes.Expr) -> None:
        """``_remember_kinds_below`` for ``_never_sequence``: the chain of first operands, bottom up."""
        memo = self._sequence_memo
        chain: list[nodes.Expr] = []
        current = node
        while True:
            current = current.then if type(current) is nodes.Ternary else current.left  # type: ignore[attr-defined]
            if type(current) not in _SEQUENCE_PARTS or id(current) in memo:
                break
            chain.append(current)
        for link in reversed(chain):
            self._never_sequence(link)

    def _sequence_standin(self, node: nodes.Expr) -> nodes.Expr:
        """``node`` itself if ``kinds`` answers for it at once, else a leaf with the same answer."""
        if type(node) not in _SEQUENCE_PARTS:
            return node
        return _SEQUENCE_STANDINS[self._never_sequence(node)]

    def _is_number(self, node: nodes.Expr) -> bool:
        """``kinds.is_number(node)`` (answered at once for a name or a literal)."""
        if type(node) is nodes.Name:
            return node.kind == "int"
        if type(node) is nodes.Number:
            return True
        return kinds.number_literal(node) is not None or self._value_kind(node) == "int"

    def _is_int(self, node: nodes.Expr) -> bool:
        """``node``'s value is certainly an exact ``int`` (answered at once for a name)."""
        return node.kind == "int" if type(node) is nodes.Name else self._value_kind(node) == "int"

    def _sequence_hint(self, node: nodes.Binary) -> kinds.Kind | None:
        """The kind a ``+`` most likely gives when its own kind is unknown: ``"list"``/``"str"`` when an
        operand is a known array/string (or such a ``+`` itself). Only the order of the size test's
        checks depends on it (see ``_sized_add``); a result of any other class takes the checked path.

        Remembered per node for this lowering: a chain ``a + b + c + ...`` asks it of every link,
        and without the memo each link would walk all the links below it again (cubic time in one
        statement, past the compile deadline).
        """
        key = id(node)
        if key in self._hints:
            return self._hints[key]
        left = node.left
        if type(left) is nodes.Binary and left.op == "+" and id(left) not in self._hints:
            self._remember_hints_below(left)
        hint: kinds.Kind | None = None
        for side in (node.left, node.right):
            known = self._value_kind(side)
            if known == "list" or known == "str":
                hint = known
                break
            if type(side) is nodes.Binary and side.op == "+":
                hint = self._sequence_hint(side)
                if hint is not None:
                    break
        self._hints[key] = hint
        return hint

    def _remember_hints_below(self, node: nodes.Binary) -> None:
        """The hints of ``node`` and the ``+`` links under it on the left, bottom up in a loop (see
        ``_remember_kinds_below``)."""
        chain = [node]
        current = node.left
        while type(current) is nodes.Binary and current.op == "+" and id(current) not in self._hints:
            chain.append(current)
            current = current.left
        for link in reversed(chain):
            self._sequence_hint(link)

    def _str_operand(self, node: nodes.Expr) -> ast.expr:
        """An operand of a concatenation, converted to its ML text."""
        return self._to_str(self.expr(node), node)

    def _to_str(self, value: ast.expr, node: nodes.Expr) -> ast.expr:
        """The ML text of ``value`` (the lowered ``node``): a known string as it is, a known int
        through Python's ``str`` (the same text), in hot code a name tested for being a string
        inline; anything else through ``__ml_str``."""
        line, col = node.line, node.col
        if (isinstance(node, nodes.Number) and type(node.value) is int
                and -kinds.FOLD_INT < node.value < kinds.FOLD_INT):
            return self._const(int.__repr__(node.value), line, col)  # `"n=" + 1`: ML text of an int
        known = self._value_kind(node)
        if known == "str":
            return value
        if known == "int":
            return at(ast.Call(self._name("__ml_strtype", line, col), [value], []), line, col)
        slow = self._helper("__ml_str", [value], line, col)
        if known is not None or not isinstance(node, nodes.Name) or not self._hot:
            return slow
        return at(ast.IfExp(self._is_type(node, "__ml_strtype"), self._read(node), slow), line, col)

    def _sized_add(self, left: ast.expr, right: ast.expr, line: int, col: int,
                   kind: kinds.Kind | None = None, hint: kinds.Kind | None = None) -> ast.expr:
        """``left + right`` whose result may not exceed the string/array size limit.

        Emitted only when the program runs under limits (``count_steps``: ``--timeout``,
        ``--max-memory``, ...), so code without limits keeps Python's plain ``+``. In hot code the
        sum is computed inline and checked there: a result known to be a string or an array
        (``kind``) by its length against ``__ml_sizeok`` (a size no limit can refuse), anything
        else by its class (a number needs no check); only a result failing that test goes through
        ``__ml_sized``. A ``hint`` (``_sequence_hint``: the likely kind, not a proven one) puts the
        test for that class first, ``r.__class__ is __ml_list and len(r) <= __ml_sizeok``, and
        sends every other result to ``__ml_sized``. Elsewhere ``__ml_add`` checks the sizes before
        adding. Either way a doubling loop ends with a limit error after at most one allocation of
        twice the limit.
        """
        if not self.count_steps:
            # No limits: like an endless loop, unbounded growth is the host's choice (zero cost).
            return at(ast.BinOp(left, _ADD, right), line, col)
        if not self._hot:
            return self._helper("__ml_add", [left, right], line, col)
        tmp = self._temp()
        total = at(ast.NamedExpr(self._name(tmp, line, col, STORE),
                                 at(ast.BinOp(left, _ADD, right), line, col)), line, col)
        read = self._name(tmp, line, col)  # every later read of the temporary: one shared node
        test: ast.expr
        if kind == "str" or kind == "list":
            test = self._size_ok(total, line, col)
        elif hint == "str" or hint == "list":
            type_name = "__ml_list" if hint == "list" else "__ml_strtype"
            cls = at(ast.Attribute(total, "__class__", LOAD), line, col)
            exact = at(ast.Compare(cls, [_IS], [self._name(type_name, line, col)]), line, col)
            test = at(ast.BoolOp(_AND, [exact, self._size_ok(read, line, col)]), line, col)
        else:
            # an int (tested alone first: the commonest, and `is` is cheaper than `in`), a number;
            # else a string or array (the only other results of ML's `+`) of a size no limit refuses
            cls = at(ast.Attribute(total, "__class__", LOAD), line, col)
            integer = at(ast.Compare(cls, [_IS], [self._name("__ml_int", line, col)]), line, col)
            cls = at(ast.Attribute(read, "__class__", LOAD), line, col)
            number = at(ast.Compare(cls, [_IN], [self._name("__ml_num", line, col)]), line, col)
            sequence = at(ast.Compare(cls, [_IN], [self._name("__ml_seqtypes", line, col)]), line, col)
            test = at(ast.BoolOp(_OR, [integer, number, at(ast.BoolOp(_AND, [
                sequence, self._size_ok(read, line, col)]), line, col)]), line, col)
        slow = self._helper("__ml_sized", [read], line, col)
        return at(ast.IfExp(test, read, slow), line, col)

    def _size_ok(self, value: ast.expr, line: int, col: int) -> ast.expr:
        """``__ml_len(value) <= __ml_sizeok``: a string or array no size limit can refuse."""
        size = self._py_len(value, line, col)
        return at(ast.Compare(size, [_LTE], [self._name("__ml_sizeok", line, col)]), line, col)

    def _mul(self, node: nodes.Binary, op: ast.operator, helper: str, *, small: bool = False) -> ast.expr:
        """``a * b`` / ``a % b`` / ``a // b``: numbers compute inline; anything else goes through the
        guard ``helper`` (``__ml_mul``: size limits; ``__ml_mod``: no string formatting; both, and
        ``__ml_floordiv``, refuse integer work too big for one step under limits).

        Only what can make the operation dangerous is tested: for ``*`` each side not known to be a
        number, for ``%`` and ``//`` only the left side (a number on the left is always a remainder).
        With ``small`` (two computed operands under limits) the tested sides must be ints of at most
        30 bits, for which neither product nor division can cost anything (``SMALL_INT``); a known
        int is then tested for its size only. Each operand is evaluated once, left first: a tested
        operand that is not a name is bound to a temporary with ``:=`` in the test; both tests
        always run (``&``), so both temporaries exist when the slow path needs them.
        """
        line, col = node.line, node.col
        left, right = node.left, node.right
        is_mult = type(op) is ast.Mult
        if small:
            test_left, test_right = True, is_mult
        else:
            test_left = not self._is_number(left)
            test_right = is_mult and not self._is_number(right)
        if test_right and not test_left and not isinstance(left, (nodes.Name, nodes.Number)):
            test_left = True  # the right side's test runs first: the left must be evaluated before it
        if not test_left and not test_right:
            return at(ast.BinOp(self.expr(left), op, self.expr(right)), line, col)
        # Each side: (the test, or None; its use in the fast branch; its use in the slow one, None when
        # it is too big to write twice; its plain value).
        left_test, a_fast, a_slow, a_plain = self._mul_operand(left, test_left, small, line, col)
        right_test, b_fast, b_slow, b_plain = self._mul_operand(right, test_right, small, line, col)
        if a_slow is None or b_slow is None:  # an operand too big to write into both branches
            return self._helper(helper, [a_plain, b_plain], line, col)
        if left_test is not None and right_test is not None:
            # The walrus temporaries must be bound before the operands are read: `&` evaluates both.
            test: ast.expr = at(ast.BinOp(left_test, _BITAND, right_test), line, col)
        else:
            test = left_test if left_test is not None else right_test  # type: ignore[assignment]
        fast = at(ast.BinOp(a_fast, op, b_fast), line, col)
        slow = self._helper(helper, [a_slow, b_slow], line, col)
        return at(ast.IfExp(test, fast, slow), line, col)

    def _mul_operand(self, side: nodes.Expr, tested: bool, small: bool, line: int, col: int
                     ) -> tuple[ast.expr | None, ast.expr, ast.expr | None, ast.expr]:
        """One operand of ``_mul``: its test (``None`` when untested), its uses in the fast and the
        slow branch, and its plain value. A tested operand that is not a name is bound to a
        temporary by the test; an untested one is lowered once per branch, unless it is too big
        for that (``too_big_to_copy``: then its slow use is ``None``)."""
        if not tested:
            value = self.expr(side)
            if type(side) in _LEAVES:  # a literal or name: one node serves both branches
                return None, value, value, value
            if too_big_to_copy(value):
                return None, value, None, value
            return None, value, self.expr(side), value
        first: ast.expr
        if type(side) is nodes.Name:
            # one node for the three reads: compile() converts each use on its own
            first = fast = slow = plain = self._read(side)
        else:
            tmp = self._temp()
            plain = self.expr(side)
            first = at(ast.NamedExpr(self._name(tmp, line, col, STORE), plain), line, col)
            fast, slow = self._name(tmp, line, col), self._name(tmp, line, col)
        test = self._small_int_test(side, first, fast, line, col) if small else self._number_test(first, line, col)
        return test, fast, slow, plain

    def _number_test(self, value: ast.expr, line: int, col: int) -> ast.expr:
        """``value.__class__ in __ml_num``: an int or a float."""
        cls = ast.Attribute(value, "__class__", LOAD)
        cls.lineno = line
        cls.col_offset = col - 1
        test = ast.Compare(cls, [_IN], [self._name("__ml_num", line, col)])
        test.lineno = line
        test.col_offset = col - 1
        return test

    def _small_int_test(self, side: nodes.Expr, first: ast.expr, again: ast.expr, line: int,
                        col: int) -> ast.expr:
        """``-SMALL_INT <= x <= SMALL_INT``, after ``x.__class__ is __ml_int`` unless ``side`` is a
        known int (``first`` evaluates the operand, ``again`` reads it once more)."""
        bound = at(ast.Compare(self._const(-SMALL_INT, line, col), [_LTE, _LTE],
                               [first if self._is_int(side) else again,
                                self._const(SMALL_INT, line, col)]), line, col)
        if self._is_int(side):
            return bound
        cls = at(ast.Attribute(first, "__class__", LOAD), line, col)
        exact = at(ast.Compare(cls, [_IS], [self._name("__ml_int", line, col)]), line, col)
        return at(ast.BoolOp(_AND, [exact, bound]), line, col)

    def _py_len(self, value: ast.expr, line: int, col: int) -> ast.expr:
        """``__ml_len(value)``: Python's ``len``, for a value known to be a string, array or object."""
        return self._helper("__ml_len", [value], line, col)

    def _len(self, node: nodes.Call) -> ast.expr:
        """Builtin ``len(x)``: a known string, array or object is Python's ``len``; in hot code a name
        is tested inline; anything else calls the ML builtin."""
        line, col = node.line, node.col
        arg = node.args[0]
        known = self._value_kind(arg)
        if known == "list" or known == "str" or known == "dict":
            return self._py_len(self.expr(arg), line, col)
        builtin = at(ast.Call(self.expr(node.func), [self.expr(arg)], []), line, col)
        if known is not None or not isinstance(arg, nodes.Name) or not self._hot:
            return builtin
        cls = at(ast.Attribute(self._read(arg), "__class__", LOAD), line, col)
        test = at(ast.Compare(cls, [_IN], [self._name("__ml_lentypes", line, col)]), line, col)
        return at(ast.IfExp(test, self._py_len(self._read(arg), line, col), builtin), line, col)

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
                return self._py_len(self._read(obj), node.line, node.col)
            if known is not None or not self._hot:
                return slow
            cls = at(ast.Attribute(self._read(obj), "__class__", LOAD), line, col)
            test = at(ast.Compare(cls, [_IN], [self._name("__ml_seqtypes", line, col)]), line, col)
            return at(ast.IfExp(test, self._py_len(self._read(obj), line, col), slow), node.line, node.col)
        if (known is not None and known != "dict") or (known is None and not self._hot):
            return slow
        get = at(ast.Attribute(self._read(obj), "get", LOAD), line, col)
        fast = at(ast.Call(get, [self._const(node.name, line, col)], []), line, col)
        if known == "dict":
            return fast
        return at(ast.IfExp(self._is_type(obj, "__ml_dict"), fast, slow), node.line, node.col)

    def _string_method(self, func: nodes.Member, args: list[nodes.Expr],
                       call_args: list[ast.expr]) -> ast.expr | None:
        """``s.upper()`` / ``sep.join(items)`` on a known string: the Python method itself (for the
        plain methods) or the ML ``join`` directly (``__ml_join``), without the method dispatcher;
        ``None`` for any other method."""
        line, col = func.name_line or func.line, func.name_col or func.col
        if func.name in PLAIN_STRING_METHODS and not args:
            method = at(ast.Attribute(self.expr(func.obj), func.name, LOAD), line, col)
            return at(ast.Call(method, [], []), line, col)
        if func.name == "join" and len(args) == 1:
            return self._helper("__ml_join", [self.expr(func.obj), call_args[0]], line, col)
        return None

    def _append_fast(self, node: nodes.Call, func: nodes.Member, call_args: list[ast.expr],
                     slow: ast.expr) -> ast.expr:
        """``a.append(x)`` on a name that holds an array is the list method itself."""
        obj, func_args = func.obj, node.args
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
        if type(func_args[0]) not in _LEAVES and too_big_to_copy(call_args[0]):
            return slow  # the argument would be written into both branches
        return at(ast.IfExp(self._is_type(obj, "__ml_list"), fast, slow), node.line, node.col)
