"""The lowering's state and small builders: positions, names, helper calls, bodies, ``def``s.

Every generated node carries the ML position (``lineno`` = ML line, ``col_offset`` = ML column - 1),
so a Python traceback of generated code points at ML lines. The lowering is a visitor with one
``lower_<Node>`` method per node class (``expressions.py``, ``statements.py``); it builds each
Python node once and never copies trees.
"""

from __future__ import annotations

import ast
import keyword
import sys
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from mlpy.compiler.visitor import Method
from mlpy.language import nodes
from mlpy.language.deadline import check_deadline

MANGLED_NAMES: frozenset[str] = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | {
    "True", "False", "None"}
"""ML names that are Python keywords or soft keywords: compiled as ``__kw_<name>``."""

ImportChecker = Callable[[list[str], nodes.Import], None]
"""Called for each ``import`` at compile time; raises ``MLImportError``."""

LOAD = ast.Load()
IS = ast.Is()
STORE = ast.Store()
_Name, _Call, _Constant = ast.Name, ast.Call, ast.Constant
_NEEDS_TYPE_PARAMS = sys.version_info >= (3, 12)

N = TypeVar("N", bound=ast.AST)


def mangle(name: str) -> str:
    """The Python identifier for ML name ``name``: Python keywords and soft keywords get ``__kw_``."""
    return "__kw_" + name if name in MANGLED_NAMES else name


def at(node: N, line: int, col: int) -> N:
    """Give a Python node the ML position (``col`` is 1-based).

    ``end_lineno`` and ``end_col_offset`` are left out on purpose: they are optional for
    ``compile()``, which then takes ``lineno`` and ``col_offset`` (``co_positions()`` gives the same
    four numbers either way), and every attribute less on every node is measurable in lowering time.
    """
    node.lineno = line  # type: ignore[attr-defined]
    node.col_offset = col - 1  # type: ignore[attr-defined]
    return node


FAST_TYPE_NAMES: dict[str, tuple[str, ...]] = {
    "__ml_dict": ("dict",), "__ml_list": ("list",), "__ml_strtype": ("str",), "__ml_int": ("int",),
    "__ml_num": ("int", "float"), "__ml_seqtypes": ("str", "list"), "__ml_lentypes": ("str", "list", "dict"),
}
"""The names of the exact types the inline fast paths compare with, and the Python classes each
holds (one class, or a tuple of them). Generated code reads them, it never binds them: the runtime's
shared ``__builtins__`` of every ML namespace holds them (``mlpy.runtime.namespace.FAST_TYPES``;
a test keeps the two in step). The names start with ``__``, so ML code can neither read nor
rebind them."""


COPY_LIMIT = 160
"""At most this many nodes are generated twice, once per branch of an inline type test."""


def too_big_to_copy(tree: ast.AST) -> bool:
    """Does ``tree`` have more than ``COPY_LIMIT`` nodes, a node used twice counted twice (as
    ``compile()`` sees it)?

    A fast path writes an operand into both branches of its test (``a.append(x) if ... else
    __ml_callmethod(a, "append", x)``). Nested in the operand, that doubles the code at every level:
    a 210-byte ``a.append(a.append(...))`` took ``compile()`` 10 s, uninterruptible. An operand
    bigger than the limit takes the guard alone instead. The count stops at the limit.
    """
    stack: list[Any] = [tree]
    count = 0
    while stack:
        node = stack.pop()
        if not isinstance(node, ast.AST):
            continue  # None (a missing part) or a name in a list
        count += 1
        if count > COPY_LIMIT:
            return True
        for value in node.__dict__.values():
            if type(value) is list:
                stack.extend(value)
            elif isinstance(value, ast.AST):
                stack.append(value)
    return False


FREE, LIGHT, COSTLY = 0, 1, 2
"""How much work evaluating an expression or statement may do, for the limit checks of ``_block``:
a few nanoseconds (a name, a literal); a few microseconds at most (arithmetic or a comparison with
a number literal, whose other operand is then a number of at most a few million bits, or the
operation fails at once); or milliseconds of C-level work (a call, a member, an index or slice, any
other operator: a long string or array may be copied or scanned)."""

LIGHT_EVERY = 8
"""A run of light statements gets a limit check after every this many (each does microseconds of
work at most, so the check, about 6 ns, stays well under 1 % of their time)."""

_FREE_LEAVES: frozenset[type] = frozenset({nodes.Name, nodes.Number, nodes.String, nodes.Bool, nodes.Null,
                                           nodes.ArrowFunction})
"""Expressions whose evaluation does a bounded, tiny amount of work: a name, a literal, a function."""

_LIGHT_OPS: frozenset[str] = frozenset({"+", "-", "<", "<=", ">", ">=", "==", "!="})
"""Operators that, with a number literal on one side, do at most an integer addition or comparison
(or raise a ``TypeError`` at once): ``*`` is not among them (a string times 2 copies the string)."""

_NO_CHECK_STATEMENTS: frozenset[type] = frozenset({
    nodes.Try, nodes.FunctionDef, nodes.Return, nodes.Break, nodes.Continue, nodes.Throw,
    nodes.Nonlocal, nodes.CapabilityDecl})
"""Statements after which no limit check is needed: a ``try`` (its bodies check for themselves),
a declaration, or a jump (the code after it does not run next)."""


_COSTLY_NODES: frozenset[type] = frozenset({nodes.Call, nodes.Member, nodes.Index, nodes.Slice})
"""Expressions that may always do milliseconds of work (told at once, with no walk)."""


def _number_and_name(node: nodes.Binary) -> bool:
    """Is ``node`` a number literal and a name or number literal, in either order?"""
    left, right = type(node.left), type(node.right)
    return (left is nodes.Number and (right is nodes.Name or right is nodes.Number)) or (
        right is nodes.Number and left is nodes.Name)


def expr_cost(expr: nodes.Expr | None) -> int:
    """``FREE``, ``LIGHT`` or ``COSTLY``: how much work evaluating ``expr`` may do. Array and object
    literals, ``!``, ``&&``, ``||`` and ``?:`` cost what their costliest part does. Walked without
    recursion where literals may nest deeply."""
    kind = type(expr)
    if kind in _COSTLY_NODES:  # (the commonest answers first: most statements call something)
        return COSTLY
    if kind in _FREE_LEAVES or expr is None:
        return FREE
    cost = FREE
    stack: list[nodes.Expr | None] = [expr]
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind in _FREE_LEAVES or node is None:
            continue
        if kind in _COSTLY_NODES:
            return COSTLY
        if isinstance(node, nodes.Binary):
            if node.op not in _LIGHT_OPS or not _number_and_name(node):
                return COSTLY
            cost = LIGHT
        elif isinstance(node, nodes.Array):
            stack.extend(node.items)
        elif isinstance(node, nodes.Object):
            stack.extend(entry.value for entry in node.entries)
        elif isinstance(node, nodes.Logical):
            stack += (node.left, node.right)
        elif isinstance(node, nodes.Ternary):
            stack += (node.cond, node.then, node.otherwise)
        elif isinstance(node, nodes.Unary) and (node.op == "!" or type(node.operand) in _FREE_LEAVES):
            if node.op != "!":
                cost = LIGHT
            stack.append(node.operand)
        else:
            return COSTLY
    return cost


def _assign_cost(stmt: nodes.Assign) -> int:
    return COSTLY if type(stmt.target) is not nodes.Name else expr_cost(stmt.value)


def _aug_assign_cost(stmt: nodes.AugAssign) -> int:
    light = type(stmt.target) is nodes.Name and type(stmt.value) is nodes.Number and stmt.op in _LIGHT_OPS
    return LIGHT if light else COSTLY


def _free(stmt: nodes.Stmt) -> int:
    return FREE


_STATEMENT_COSTS: dict[type, Callable[[Any], int]] = {
    nodes.ExprStmt: lambda stmt: expr_cost(stmt.expr),
    nodes.Assign: _assign_cost,
    nodes.AugAssign: _aug_assign_cost,
    nodes.If: _free,  # its branches start with a check instead (``lower_If``)
    nodes.While: _free,  # a loop checks in its own way (``_loop_else``)
    nodes.For: _free,
    **{kind: _free for kind in _NO_CHECK_STATEMENTS},
}
"""How to tell each statement's cost; any other statement (a destructuring, an import) is costly."""


def statement_cost(stmt: nodes.Stmt) -> int:
    """``FREE``, ``LIGHT`` or ``COSTLY``: the work ``stmt`` itself may do (not the blocks it holds,
    which check for themselves), from its expressions (``expr_cost``). A store into an index, slice
    or member, a destructuring and an import are always costly; ``x += 1`` is light. An ``if``
    and a loop are free here: when their conditions or iterable are costly, the ``if``'s branches
    start with a check, and a loop ending without ``break`` checks (``lower_If``, ``_loop_else``)."""
    cost = _STATEMENT_COSTS.get(type(stmt))
    return COSTLY if cost is None else cost(stmt)


class LoweringBase:
    """State of one lowering run and the builders every part of it uses."""

    _lower: ClassVar[dict[type[nodes.Node], Method]] = {}

    def __init__(self, filename: str, *, count_steps: bool = False, repl: bool = False,
                 import_checker: ImportChecker | None = None, deadline: float | None = None) -> None:
        self.filename = filename
        self.deadline = deadline  # see mlpy.language.deadline: checked per statement and literal item
        self.count_steps = count_steps
        self.repl = repl
        self.import_checker = import_checker
        self._out: list[ast.stmt] = []
        self._counter = 0
        # Under count_steps: the statement being lowered is the last of a block after whose end a
        # step, the caller's check or the end comes (an ``if`` there passes it on to its branches).
        self._ends_stepped = False
        # > 0 inside a function or loop body: only code that may run many times gets the inline
        # type tests (they cost compile time; straight-line top-level code runs once).
        self._hot = 0
        # Loop targets whose type is tested once per iteration (see `_stable_loop_body`): ML name ->
        # the temporary holding `name.__class__ is __ml_dict`, and how often each was used.
        self._dict_flags: dict[str, str] = {}
        self._flag_uses: dict[str, int] = {}
        # id(ML node) -> its `_sequence_hint`, `_value_kind`, `_never_sequence` (see fastpaths)
        self._hints: dict[int, str | None] = {}
        self._kind_memo: dict[int, str | None] = {}
        self._sequence_memo: dict[int, bool] = {}

    def lower(self, node: nodes.Node) -> Any:
        """Lower one node: an expression gives a Python ``ast.expr``; a statement appends to the
        current body and gives ``None``."""
        return self._lower[type(node)](self, node)

    def expr(self, node: nodes.Expr) -> ast.expr:
        """Lower one ML expression."""
        result: ast.expr = self._lower[type(node)](self, node)
        return result

    # The builders below are the hottest code of the generator: they set the position inline
    # (like ``_at``) instead of calling it.

    def _name(self, pyname: str, line: int, col: int, ctx: ast.expr_context = LOAD) -> ast.Name:
        node = _Name(pyname, ctx)
        node.lineno = line
        node.col_offset = col - 1
        return node

    def _helper(self, helper: str, args: list[ast.expr], line: int, col: int) -> ast.Call:
        func = _Name(helper, LOAD)
        func.lineno = line
        func.col_offset = col - 1
        node = _Call(func, args, [])
        node.lineno = line
        node.col_offset = col - 1
        return node

    def _const(self, value: Any, line: int, col: int) -> ast.Constant:
        node = _Constant(value)
        node.lineno = line
        node.col_offset = col - 1
        return node

    def _temp(self, prefix: str = "__ml_t") -> str:
        self._counter += 1
        return f"{prefix}{self._counter}"

    def _is_type(self, node: nodes.Name, type_name: str) -> ast.expr:
        """``x.__class__ is __ml_<type>``: the inline test of a compile-time fast path (``x`` a name);
        for the target of the loop being lowered, the flag computed once per iteration."""
        line, col = node.line, node.col
        flag = self._dict_flags.get(node.id) if type_name == "__ml_dict" else None
        if flag is not None:
            self._flag_uses[flag] += 1
            return self._name(flag, line, col)
        cls = at(ast.Attribute(self._read(node), "__class__", LOAD), line, col)
        return at(ast.Compare(cls, [IS], [self._name(type_name, line, col)]), line, col)

    def _step(self, line: int, col: int) -> ast.stmt:
        return at(ast.Expr(self._helper("__ml_step", [], line, col)), line, col)

    def _check(self, line: int, col: int) -> ast.stmt:
        return at(ast.Expr(self._helper("__ml_check", [], line, col)), line, col)

    def _arguments(self, params: list[nodes.Param]) -> ast.arguments:
        args = [at(ast.arg(mangle(p.name)), p.line, p.col) for p in params]
        # positionally: posonlyargs, args, vararg, kwonlyargs, kw_defaults, kwarg, defaults
        return ast.arguments([], args, None, [], [], None, [])

    def _def(self, pyname: str, node: nodes.FunctionDef | nodes.ArrowFunction, params: list[nodes.Param],
             body: list[ast.stmt]) -> ast.FunctionDef:
        """A ``def`` with the Python declarations the resolver computed for ``node``."""
        head: list[ast.stmt] = []
        if node.global_names:
            head.append(at(ast.Global([mangle(n) for n in node.global_names]), node.line, node.col))
        if node.enclosing_names:
            head.append(at(ast.Nonlocal([mangle(n) for n in node.enclosing_names]), node.line, node.col))
        if self.count_steps:
            head.append(self._step(node.line, node.col))
        fn = ast.FunctionDef(pyname, self._arguments(params), head + body, [], None, None)
        if _NEEDS_TYPE_PARAMS:
            fn.type_params = []  # type: ignore[attr-defined, unused-ignore]  # Python 3.12+ only
        return at(fn, node.line, node.col)

    def program(self, program: nodes.Program) -> ast.Module:
        """Compile a whole program (or REPL entry) into an ``ast.Module``."""
        body = program.body
        last = body[-1] if body else None
        if self.repl and type(last) is nodes.ExprStmt:
            stmts = self._block(body[:-1], allow_empty=True)
            self._out = stmts
            value = self.expr(last.expr)
            target = self._name("__ml_result__", last.line, last.col, STORE)
            stmts.append(at(ast.Assign([target], value), last.line, last.col))
        else:
            stmts = self._block(body, allow_empty=True, stepped_end=True)
        return ast.Module(stmts, [])

    def _block(self, body: list[nodes.Stmt], allow_empty: bool = False,
               stepped_end: bool = False) -> list[ast.stmt]:
        """Compile a body; function declarations directly in it are hoisted to its top.

        Under ``count_steps``, a limit check (``__ml_check()``, see ``mlpy.runtime.limits``) follows
        every statement that may do milliseconds of work, and every ``LIGHT_EVERY``-th one that may
        do microseconds (``statement_cost``): it raises once the run has hit a limit, so
        straight-line code, which takes no step, stops right after the statement during which its
        deadline passed instead of running on for thousands of statements of C-level work. None
        follows the last statement when ``stepped_end`` (a loop or function body, the whole program,
        the branches of an ``if`` ending such a block): a step, the caller's check or the end
        comes next."""
        saved = self._out
        out: list[ast.stmt] = []
        self._out = out
        table = self._lower
        function_def = nodes.FunctionDef
        for stmt in body:
            if type(stmt) is function_def:  # (a loop: most bodies have none, and are short)
                hoisted = [s for s in body if type(s) is function_def]
                if len(hoisted) != len(body):
                    body = hoisted + [s for s in body if type(s) is not function_def]
                break
        deadline = self.deadline
        if self.count_steps:
            self._checked_statements(body, stepped_end)
        else:
            for stmt in body:
                if deadline is not None:
                    check_deadline(deadline, self.filename, stmt.line, stmt.col)
                table[type(stmt)](self, stmt)
        self._out = saved
        if not out and not allow_empty:
            line, col = (body[0].line, body[0].col) if body else (1, 1)
            out.append(at(ast.Pass(), line, col))
        return out

    def _checked_statements(self, body: list[nodes.Stmt], stepped_end: bool) -> None:
        """Lower ``body`` into the current output with a limit check after each costly statement
        and after every ``LIGHT_EVERY``-th light one since the last check (see ``_block``)."""
        out, table, deadline = self._out, self._lower, self.deadline
        last = body[-1] if stepped_end and body else None
        light = 0
        for stmt in body:
            if deadline is not None:
                check_deadline(deadline, self.filename, stmt.line, stmt.col)
            self._ends_stepped = stmt is last
            table[type(stmt)](self, stmt)
            cost = statement_cost(stmt)
            if cost == LIGHT:
                light += 1
            if cost == COSTLY or light == LIGHT_EVERY:
                light = 0
                if stmt is not last:
                    out.append(self._check(stmt.line, stmt.col))

    def _function_block(self, body: list[nodes.Stmt]) -> list[ast.stmt]:
        """``_hot_block`` for a function body: the enclosing loops' flags do not reach into it (the
        function may run later, when they no longer hold)."""
        saved, self._dict_flags = self._dict_flags, {}
        try:
            return self._hot_block(body)
        finally:
            self._dict_flags = saved

    def _hot_block(self, body: list[nodes.Stmt]) -> list[ast.stmt]:
        """``_block`` for a body that may run many times (a loop or function body: after its end comes
        the next iteration's step, or the caller's own check)."""
        self._hot += 1
        try:
            return self._block(body, stepped_end=True)
        finally:
            self._hot -= 1

    def _loop_body(self, body: list[nodes.Stmt], node: nodes.Node) -> list[ast.stmt]:
        stmts = self._hot_block(body)
        if self.count_steps:
            stmts.insert(0, self._step(node.line, node.col))
        return stmts

    def _stable_loop_body(self, loop: nodes.For) -> list[ast.stmt]:
        """The body of a ``for`` loop whose target the body never rebinds: when the body reads or
        writes members of the target, whether it is an object is tested once, at the top of each
        iteration (``__ml_isdict_<n> = p.__class__ is __ml_dict``), instead of at every access."""
        target = loop.target
        flag = self._temp("__ml_isdict_")
        saved = self._dict_flags
        self._dict_flags = {**saved, target.id: flag}
        self._flag_uses[flag] = 0
        try:
            stmts = self._loop_body(loop.body, loop)
        finally:
            self._dict_flags = saved
        if self._flag_uses.pop(flag):
            line, col = target.line, target.col
            cls = at(ast.Attribute(self._read(target), "__class__", LOAD), line, col)
            test = at(ast.Compare(cls, [IS], [self._name("__ml_dict", line, col)]), line, col)
            stmts.insert(1 if self.count_steps else 0,
                         at(ast.Assign([self._name(flag, line, col, STORE)], test), line, col))
        return stmts

    def _assign_temp(self, name: str, value: ast.expr, line: int, col: int) -> None:
        self._out.append(at(ast.Assign([self._name(name, line, col, STORE)], value), line, col))

    def _read(self, node: nodes.Name) -> ast.expr:
        name = node.id
        py = _Name("__kw_" + name if name in MANGLED_NAMES else name, LOAD)
        py.lineno = node.line
        py.col_offset = node.col - 1
        return py
