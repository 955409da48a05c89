"""AST node classes for ML: what the parser produces and the compiler consumes.

Every node carries ``line`` and ``col`` (both 1-based) of its first character, so that every error,
at compile time or at run time, can point at the exact place in the ML source. Nodes are plain
dataclasses with slots: cheap to build (the parser makes hundreds of thousands per second) and easy
to pattern-match in the compiler (one visitor method per node class).

A few fields are not set by the parser but by the compiler's resolver, which stores what it found
out on the node itself (marked "set by the resolver"): what a name read refers to, and what a
function must declare in Python. They take no part in comparisons.

The parser builds its commonest nodes (``Name``, ``Number``, ``String``, ``Binary``, ``Logical``,
``Call``, ``Member``, ``Index``, ``Assign``, ``ExprStmt``) without calling the class, by setting
every field of a bare instance: a field added to one of them must be set there too
(``tests/language/test_parser_nodes.py`` fails until it is).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Node:
    """Base of all nodes: the 1-based position of the node's first character."""

    line: int
    col: int


# ----------------------------------------------------------------------------- expressions


@dataclass(slots=True)
class Expr(Node):
    """Base of expression nodes."""


@dataclass(slots=True)
class Number(Expr):
    """``42``, ``3.14``, ``0x1F``: an ``int`` (arbitrary precision) or a ``float`` (``1e400`` is inf)."""

    value: int | float


@dataclass(slots=True)
class String(Expr):
    """A string literal, escapes already processed."""

    value: str


@dataclass(slots=True)
class Bool(Expr):
    value: bool


@dataclass(slots=True)
class Null(Expr):
    """``null`` or ``undefined``."""


@dataclass(slots=True)
class Name(Expr):
    """A reference to a variable, function, module or builtin."""

    id: str
    kind: str | None = field(default=None, compare=False, repr=False)
    """Set by the resolver on reads: ``"dict"``, ``"list"`` or ``"str"`` when the variable can only
    ever hold that kind of value (every binding is such a literal), else ``None``."""
    builtin: bool = field(default=False, compare=False, repr=False)
    """Set by the resolver on reads: the name certainly is the builtin of that name."""
    returns_no_sequence: bool = field(default=False, compare=False, repr=False)
    """Set by the resolver on reads of a top-level function that is never rebound and never returns
    a string or array (``mlpy.compiler.returns``): a ``+`` of its results needs no size check."""


@dataclass(slots=True)
class Array(Expr):
    items: list[Expr]


@dataclass(slots=True)
class ObjectEntry(Node):
    """One ``key: value`` of an object literal; ``key`` is already a string."""

    key: str
    value: Expr


@dataclass(slots=True)
class Object(Expr):
    entries: list[ObjectEntry]


@dataclass(slots=True)
class Binary(Expr):
    """Arithmetic and comparison: ``+ - * / // % ** < > <= >= == !=``.

    Whether ``+`` concatenates is decided by the compiler from the operands' node types: when an
    operand as written is a string literal or itself a concatenating ``+``.
    """

    op: str
    left: Expr
    right: Expr
    concat: bool = field(default=False, compare=False, repr=False)
    """Set by the resolver: this ``+`` concatenates (its value is always a string)."""


@dataclass(slots=True)
class Logical(Expr):
    """``&&`` / ``||``: short-circuit, the result is an operand."""

    op: str
    left: Expr
    right: Expr


@dataclass(slots=True)
class Unary(Expr):
    """``!x`` (a boolean) or ``-x``."""

    op: str
    operand: Expr


@dataclass(slots=True)
class Ternary(Expr):
    """``cond ? then : otherwise``."""

    cond: Expr
    then: Expr
    otherwise: Expr


@dataclass(slots=True)
class Call(Expr):
    """``func(args)`` on any expression. A method call is a ``Call`` whose ``func`` is a ``Member``."""

    func: Expr
    args: list[Expr]


@dataclass(slots=True)
class Member(Expr):
    """``obj.name`` (``name`` may be a reserved word). ``col`` is that of ``obj``; ``name_col`` of the name."""

    obj: Expr
    name: str
    name_line: int = 0
    name_col: int = 0


@dataclass(slots=True)
class Index(Expr):
    """``obj[index]``."""

    obj: Expr
    index: Expr


@dataclass(slots=True)
class Slice(Expr):
    """``obj[start:stop:step]``, each part optional."""

    obj: Expr
    start: Expr | None
    stop: Expr | None
    step: Expr | None


@dataclass(slots=True)
class Param(Node):
    """A function parameter; ``annotation`` is the annotation's source text, recorded, never evaluated."""

    name: str
    annotation: str | None = None


@dataclass(slots=True)
class ArrowFunction(Expr):
    """``fn(a, b) => expr`` (``body`` is an ``Expr``) or ``fn(x) => { stmts }`` (``body`` is a list)."""

    params: list[Param]
    body: Expr | list[Stmt]
    enclosing_names: list[str] = field(default_factory=list, compare=False, repr=False)
    """Set by the resolver: names this function rebinds that an enclosing function binds."""
    global_names: list[str] = field(default_factory=list, compare=False, repr=False)
    """Set by the resolver: names this function rebinds that the top level binds."""


# ----------------------------------------------------------------------------- statements


@dataclass(slots=True)
class Stmt(Node):
    """Base of statement nodes."""


@dataclass(slots=True)
class ExprStmt(Stmt):
    expr: Expr


@dataclass(slots=True)
class Assign(Stmt):
    """``target = value;`` where target is a ``Name``, ``Index``, ``Slice`` or ``Member``."""

    target: Expr
    value: Expr


@dataclass(slots=True)
class AugAssign(Stmt):
    """``target op= value;`` with ``op`` one of ``+ - * / // %`` (without the ``=``)."""

    target: Expr
    op: str
    value: Expr


@dataclass(slots=True)
class ArrayDestructure(Stmt):
    """``[a, b] = value;``: lengths must match at run time."""

    targets: list[Name]
    value: Expr


@dataclass(slots=True)
class ObjectDestructure(Stmt):
    """``{a, b} = value;``: ``a = value.a; b = value.b`` with ``value`` evaluated once."""

    targets: list[Name]
    value: Expr


@dataclass(slots=True)
class IfBranch(Node):
    """One ``if (cond) {..}`` or ``elif (cond) {..}`` arm."""

    cond: Expr
    body: list[Stmt]


@dataclass(slots=True)
class If(Stmt):
    branches: list[IfBranch]
    orelse: list[Stmt] | None = None


@dataclass(slots=True)
class While(Stmt):
    cond: Expr
    body: list[Stmt]


@dataclass(slots=True)
class For(Stmt):
    """``for (target in iterable) {..}``."""

    target: Name
    iterable: Expr
    body: list[Stmt]
    stable_target: bool = field(default=False, compare=False, repr=False)
    """Set by the resolver: the body never rebinds the target (no assignment to it, no nested
    function declaring it ``nonlocal``), so a test of its type holds for a whole iteration."""


@dataclass(slots=True)
class Break(Stmt):
    pass


@dataclass(slots=True)
class Continue(Stmt):
    pass


@dataclass(slots=True)
class FunctionDef(Stmt):
    """``function name(params) {..}``; ``name_col`` is the column of the name."""

    name: str
    params: list[Param]
    body: list[Stmt]
    name_col: int = 0
    enclosing_names: list[str] = field(default_factory=list, compare=False, repr=False)
    """Set by the resolver: names this function rebinds that an enclosing function binds."""
    global_names: list[str] = field(default_factory=list, compare=False, repr=False)
    """Set by the resolver: names this function rebinds that the top level binds."""


@dataclass(slots=True)
class Return(Stmt):
    value: Expr | None = None


@dataclass(slots=True)
class Nonlocal(Stmt):
    names: list[Name]


@dataclass(slots=True)
class Throw(Stmt):
    value: Expr


@dataclass(slots=True)
class ExceptClause(Node):
    """``except {..}``, ``except (e) {..}`` or ``except (e: TypeError) {..}``."""

    name: str | None
    error_type: str | None
    body: list[Stmt]


@dataclass(slots=True)
class Try(Stmt):
    body: list[Stmt]
    handlers: list[ExceptClause] = field(default_factory=list)
    finalbody: list[Stmt] | None = None


@dataclass(slots=True)
class Import(Stmt):
    """``import a.b.c;`` (``path == ["a", "b", "c"]``) or ``import a.b.c as m;``."""

    path: list[str]
    alias: str | None = None


@dataclass(slots=True)
class CapabilityItem(Node):
    """One line of a capability block: ``resource "p";`` → kind "resource", words [], args ["p"];
    ``allow read "p";`` → kind "allow", words ["read"], args ["p"]."""

    kind: str
    words: list[str]
    args: list[str]


@dataclass(slots=True)
class CapabilityDecl(Stmt):
    """``capability Name { ... }``: a request for grants; never grants anything by itself."""

    name: str
    items: list[CapabilityItem]


@dataclass(slots=True)
class Program(Node):
    """A whole file (or one REPL entry)."""

    body: list[Stmt]
    filename: str = "<ml>"
