"""What the compiler knows about the kind of value an expression produces.

A *kind* is ``"dict"``, ``"list"`` or ``"str"``: an ML object, array or string, which at run time
is exactly a Python ``dict``, ``list`` or ``str``. Knowing it at compile time lets the lowering drop a
run-time type test (see ``fastpaths``). Everything here reads the facts the resolver stored on the
nodes (``Name.kind``, ``Name.builtin``, ``Binary.concat``) and so is only valid after resolution.
"""

from __future__ import annotations

from mlpy.language import nodes

Kind = str
"""``"dict"``, ``"list"`` or ``"str"``."""

BUILTIN_RESULT_KINDS: dict[str, Kind] = {"str": "str", "repr": "str", "typeof": "str", "range": "list"}
"""Builtins whose call always returns an exact ``str`` / ``list`` (or raises)."""

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


def binding_kind(value: nodes.Expr) -> Kind | None:
    """The kind a variable gets from ``name = value`` when the value's form alone tells (a literal or
    a concatenation), else ``None``."""
    if isinstance(value, nodes.Object):
        return "dict"
    if isinstance(value, nodes.Array):
        return "list"
    if isinstance(value, nodes.String) or (isinstance(value, nodes.Binary) and value.concat):
        return "str"
    return None


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
    if isinstance(node, nodes.Name):
        return node.kind
    if isinstance(node, nodes.String):
        return "str"
    if isinstance(node, nodes.Array):
        return "list"
    if isinstance(node, nodes.Object):
        return "dict"
    if isinstance(node, nodes.Binary):
        if node.op != "+":
            return None
        if node.concat:
            return "str"
        left = value_kind(node.left)
        if left is not None and left != "dict" and left == value_kind(node.right):
            return left
        return None
    if isinstance(node, nodes.Call):
        return builtin_result(node.func)
    if isinstance(node, nodes.Slice):
        obj = value_kind(node.obj)
        return obj if obj == "list" or obj == "str" else None
    return None


def number_literal(node: nodes.Expr) -> int | float | None:
    """The value of a number literal, also a negated one, else ``None``."""
    if type(node) is nodes.Number:
        return node.value
    if type(node) is nodes.Unary and node.op == "-" and type(node.operand) is nodes.Number:
        return -node.operand.value
    return None
