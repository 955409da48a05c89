"""What the compiler knows about the kind of value an expression produces.

A *kind* is ``"dict"``, ``"list"``, ``"str"`` or ``"int"``: an ML object, array, string or whole
number, which at run time is exactly a Python ``dict``, ``list``, ``str`` or ``int`` (never a
subclass, never ``bool``). Knowing it at compile time lets the lowering drop a run-time type test
(see ``fastpaths``): a ``len`` of a known array is Python's ``len``, ``str(i)`` of a known int is
Python's ``str``, ``i % n`` with a known int on the left needs no guard against string formatting.
Everything here reads the facts the resolver stored on the nodes (``Name.kind``, ``Name.builtin``,
``Binary.concat``) and so is only valid after resolution.

Where ints come from: int literals, ``len(...)`` of the builtin, ``.length`` of a known string or
array, the loop variable of
``for (i in range(...))`` with the builtin ``range`` (which only ever yields ints), and ``+ - * //
%`` of two ints.
"""

from __future__ import annotations

from mlpy.language import nodes

Kind = str
"""``"dict"``, ``"list"``, ``"str"`` or ``"int"``."""

BUILTIN_RESULT_KINDS: dict[str, Kind] = {"str": "str", "repr": "str", "typeof": "str", "range": "list",
                                         "len": "int"}
"""Builtins whose call always returns an exact ``str`` / ``list`` / ``int`` (or raises)."""

_INT_OPS = frozenset({"+", "-", "*", "//", "%"})
"""Operators whose result is an int when both operands are ints."""

FOLD_INT = 10**18
"""Int literals below this in magnitude are turned into their ML text at compile time."""


def concatenates(node: nodes.Binary) -> bool:
    """True if ``+`` node concatenates: an operand as written is a string literal or a concatenating
    ``+`` (whose ``concat`` flag the resolver has already set, children first)."""
    if node.op != "+":
        return False
    left, right = node.left, node.right
    return (type(left) is nodes.String or type(right) is nodes.String
            or (type(left) is nodes.Binary and left.concat)
            or (type(right) is nodes.Binary and right.concat))


def is_concat(node: nodes.Expr) -> bool:
    """``node`` is a concatenating ``+``."""
    return type(node) is nodes.Binary and node.concat


# The functions below test node classes with ``type(node) is``: node classes are never subclassed
# (see ``mlpy.language.nodes``), so it means what ``isinstance`` would, and costs less for the
# common miss (``isinstance`` of an unrelated class walks the class's bases). The lowering asks
# these questions for most nodes it lowers.

_LITERAL_KINDS: dict[type, Kind] = {nodes.String: "str", nodes.Array: "list", nodes.Object: "dict"}
"""Literal node classes whose value kind is fixed."""


def binding_kind(value: nodes.Expr | nodes.For) -> Kind | None:
    """The kind a variable gets from ``name = value`` when the value's form alone tells (a literal, a
    concatenation, a call of a builtin with a fixed result), or from being the target of ``for``
    loop ``value`` over the builtin ``range``; else ``None``."""
    if type(value) is nodes.For:
        return "int" if is_range_call(value.iterable) else None
    if type(value) is nodes.Binary:
        return "str" if value.concat else None
    if type(value) is nodes.Number:
        return "int" if type(value.value) is int else None
    if type(value) is nodes.Call:
        return builtin_result(value.func)
    return _LITERAL_KINDS.get(type(value))


def is_range_call(node: nodes.Expr) -> bool:
    """``node`` is a call of the builtin ``range`` (so iterating it yields ints)."""
    if type(node) is not nodes.Call:
        return False
    func = node.func
    return type(func) is nodes.Name and func.builtin and func.id == "range"


def is_number(node: nodes.Expr) -> bool:
    """``node``'s value is certainly a number: a number literal (also negated) or a known int."""
    return number_literal(node) is not None or value_kind(node) == "int"


def builtin_result(func: nodes.Expr) -> Kind | None:
    """The kind a call of ``func`` returns when ``func`` certainly is a builtin with a fixed result."""
    if type(func) is nodes.Name and func.builtin:
        return BUILTIN_RESULT_KINDS.get(func.id)
    return None


def name_kind(node: nodes.Expr) -> Kind | None:
    """The kind the resolver proved for a name read, if ``node`` is one."""
    return node.kind if type(node) is nodes.Name else None


def value_kind(node: nodes.Expr) -> Kind | None:
    """The kind ``node``'s value certainly has, if known.

    Literals; names the resolver typed; concatenations; ``+`` of two strings or two arrays (Python
    ``str``/``list`` addition returns that exact type or raises); a slice of a string or array; a
    call of a builtin whose result kind is fixed (``str(x)``, ``range(n)``).
    """
    if type(node) is nodes.Name:
        return node.kind
    if type(node) is nodes.Number:
        return "int" if type(node.value) is int else None
    if type(node) is nodes.Binary:
        if node.concat:
            return "str"
        op = node.op
        if op not in _INT_OPS:
            return None
        if type(node.left) is nodes.Binary:
            return _chain_kind(node)  # (a chain: in a loop)
        left = value_kind(node.left)
        if left is None or left != value_kind(node.right):
            return None
        if left == "int" or (op == "+" and left != "dict"):
            return left  # int op int; str + str; list + list
        return None
    if type(node) is nodes.Call:
        return builtin_result(node.func)
    if type(node) is nodes.Unary:
        return "int" if node.op == "-" and value_kind(node.operand) == "int" else None
    if type(node) is nodes.Member:
        # `s.length` / `a.length` of a known string or array (an object's `length` is its own data)
        return "int" if node.name == "length" and value_kind(node.obj) in ("str", "list") else None
    if type(node) is nodes.Slice:
        obj = value_kind(node.obj)
        return obj if obj == "list" or obj == "str" else None
    return _LITERAL_KINDS.get(type(node))


def _chain_kind(node: nodes.Binary) -> Kind | None:
    """``value_kind`` of an operator of ``_INT_OPS`` (not a concatenation) whose left operand is an
    operator too. The chain of left operands (``a + b + c + ...`` is as deep as it is long) is
    followed in a loop, then combined bottom up: the Python stack holds one link whatever the
    chain's length."""
    chain = [node]
    current = node.left
    while type(current) is nodes.Binary and not current.concat and current.op in _INT_OPS:
        chain.append(current)
        current = current.left
    kind = value_kind(current)  # not such a link: answers without following a chain
    for link in reversed(chain):
        if kind is None or kind != value_kind(link.right):
            return None
        if not (kind == "int" or (link.op == "+" and kind != "dict")):
            return None  # int op int; str + str; list + list keep their kind
    return kind


NO_SEQUENCE_OPS = frozenset({"-", "/", "//", "**", "<", ">", "<=", ">=", "==", "!="})
"""Binary operators whose result is never a string or array (Python's ``str`` and ``list`` have none
of these arithmetic operations; comparisons give booleans)."""

_NO_SEQUENCE_NODES: frozenset[type] = frozenset({nodes.Number, nodes.Bool, nodes.Null, nodes.Object,
                                                nodes.Unary, nodes.ArrowFunction})
"""Expressions whose value is never a string or array (a sign or ``!`` does not apply to them)."""


def never_sequence(node: nodes.Expr, safe_names: frozenset[str] = frozenset()) -> bool:
    """``node``'s value is certainly not a string or array (it may be anything else), so a ``+`` of
    two such values cannot build a big one: Python's ``+`` gives an exact ``str`` or ``list`` only
    when its left operand is one. ``safe_names`` are names known to hold no string or array there
    (``mlpy.compiler.returns``: a parameter compared with a number before anything else runs)."""
    kind = type(node)
    if kind in _NO_SEQUENCE_NODES:
        return True
    if kind is nodes.Name:
        return node.kind == "int" or node.kind == "dict" or node.id in safe_names  # type: ignore[attr-defined]
    if kind is nodes.Call:
        func = node.func  # type: ignore[attr-defined]
        return type(func) is nodes.Name and (func.returns_no_sequence or builtin_result(func) == "int")
    if kind is nodes.Binary:
        if node.op in NO_SEQUENCE_OPS:  # type: ignore[attr-defined]
            return True
        if node.concat:  # type: ignore[attr-defined]
            return False
        left, right = node.left, node.right  # type: ignore[attr-defined]
        if type(left) not in _OPERATOR_NODES and type(right) not in _OPERATOR_NODES:
            # operands that answer at once (the lowering's shallow questions): no list needed
            return never_sequence(left, safe_names) and never_sequence(right, safe_names)
        return _never_sequence_operands(node, safe_names)
    if kind is nodes.Logical or kind is nodes.Ternary:
        return _never_sequence_operands(node, safe_names)
    return False


_OPERATOR_NODES = frozenset({nodes.Binary, nodes.Logical, nodes.Ternary})
"""Nodes whose ``never_sequence`` asks about their operands."""


def _never_sequence_operands(node: nodes.Expr, safe_names: frozenset[str]) -> bool:
    """``never_sequence`` of an operator: a ``+``, ``*`` or ``%`` of two such values, either operand
    of ``&&``/``||``, either branch of ``?:`` (a comparison or ``-``, ``/``, ... is never one).
    The operands still to answer for are kept on a list, not the Python stack: a chain
    ``a + b + ...`` or ``a || b || ...`` is as deep as it is long."""
    pending = [node]
    while pending:
        node = pending.pop()
        kind = type(node)
        if kind is nodes.Binary:
            if node.op in NO_SEQUENCE_OPS:  # type: ignore[attr-defined]
                continue
            if node.concat:  # type: ignore[attr-defined]
                return False
            pending.append(node.right)  # type: ignore[attr-defined]
            pending.append(node.left)  # type: ignore[attr-defined]
        elif kind is nodes.Logical:
            pending.append(node.right)  # type: ignore[attr-defined]
            pending.append(node.left)  # type: ignore[attr-defined]
        elif kind is nodes.Ternary:
            pending.append(node.otherwise)  # type: ignore[attr-defined]
            pending.append(node.then)  # type: ignore[attr-defined]
        elif not never_sequence(node, safe_names):
            return False
    return True


def number_literal(node: nodes.Expr) -> int | float | None:
    """The value of a number literal, also a negated one, else ``None``."""
    if type(node) is nodes.Number:
        return node.value
    if type(node) is nodes.Unary and node.op == "-" and type(node.operand) is nodes.Number:
        return -node.operand.value
    return None
