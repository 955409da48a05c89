"""Lexical scope resolution for ML, done once before lowering: a visitor over the node classes.

For every scope (the program, each function, each block-bodied or expression-bodied arrow) the
resolver first *declares* the names the scope binds (assignments, parameters, nested function
declarations, loop and destructuring targets, ``except`` names, imports; ``declare_<Node>``
methods), then *visits* the body (``visit_<Node>`` methods), checking every name read against the
chain of scopes, the builtins and the REPL's known globals, and applying the static rules of
``checks.py`` where they belong.

What it finds out is stored on the nodes (see ``mlpy.language.nodes``): ``Name.kind`` and
``Name.builtin`` on reads, ``Binary.concat``, and ``enclosing_names``/``global_names`` on functions
(what they must declare ``nonlocal``/``global`` in Python). Program-level facts (top-level names,
imports, capability requests, warnings) come back as a ``Resolution``. Python's own scoping does the
rest at run time, so a name read compiles to a plain Python name.

Findings are either raised (the first error stops a compile) or, with ``collect=True``, gathered as
``Diagnostic`` records so ``mlpy check`` and the language server see them all.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from typing import Any

from mlpy import errors
from mlpy.compiler import kinds, returns
from mlpy.compiler.builtin_names import BUILTIN_NAMES
from mlpy.compiler.checks import FORBIDDEN_NAMES, PROBING_BUILTINS, Finding, Rules, forbidden_name_hint
from mlpy.compiler.visitor import Method, dispatch_table
from mlpy.language import nodes
from mlpy.language.deadline import check_deadline
from mlpy.language.diagnostics import Diagnostic

_UNKNOWN = None
"""A binding whose value kind cannot be told from its form (a parameter, a computed value)."""

Binding = nodes.Expr | nodes.For | nodes.FunctionDef | None
"""What a scope records per binding: the value bound, the ``for`` loop, the declaration, or unknown."""


@dataclass(slots=True)
class Resolution:
    """Program-level results of resolving (per-node results are stored on the nodes)."""

    top_level_names: list[str]
    imports: list[nodes.Import]
    capability_requests: list[nodes.CapabilityDecl]
    warnings: list[errors.MLError]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """Every finding, errors and warnings, in source order of discovery (``collect=True`` only)."""


class _Scope:
    """One scope during resolution: the names it binds, with the values bound to them."""

    __slots__ = ("parent", "names", "nonlocal_names", "function", "is_module", "bindings", "augmented",
                 "shared", "_kinds")

    def __init__(self, parent: _Scope | None, function: nodes.FunctionDef | nodes.ArrowFunction | None) -> None:
        self.parent = parent
        self.function = function  # None for the program scope
        self.is_module = function is None
        self.names: dict[str, None] = {}  # ordered set: bound here
        self.nonlocal_names: set[str] = set()  # declared nonlocal here (bound elsewhere)
        # name -> every value bound to it: an expression, the ``for`` loop it is the target of, or
        # None (a binding of unknown kind)
        self.bindings: dict[str, list[Binding]] = {}
        # names also rebound by an augmented assignment: keeps a string/array/object a string/array/
        # object (or fails), but may turn an int into a float (`i /= 2`) or a string (`i *= "ab"`)
        self.augmented: dict[str, int] = {}  # name -> how many augmented assignments
        # names a nested function declares `nonlocal` (it may rebind them whenever it runs)
        self.shared: set[str] = set()
        self._kinds: dict[str, str | None] | None = None


    def bind(self, name: str, value: Binding) -> None:
        self.bindings.setdefault(name, []).append(value)

    def rebinds(self, name: str) -> bool:
        """Whether ``name`` (a parameter) is bound here more than once, or by a nested function."""
        return (len(self.bindings.get(name, ())) != 1 or name in self.augmented or name in self.shared
                or name in self.nonlocal_names)

    def kind_of(self, name: str) -> str | None:
        """The one kind every binding of ``name`` here gives it, else ``None`` (after the walk).

        A name declared ``nonlocal`` here also holds whatever the enclosing scope bound: unknown.
        """
        if name in self.nonlocal_names:
            return None
        if self._kinds is None:
            self._kinds = {}
        if name not in self._kinds:
            found: set[str | None] = set()
            for value in self.bindings.get(name, ()):
                found.add(None if value is None or type(value) is nodes.FunctionDef
                          else kinds.binding_kind(value))  # type: ignore[arg-type]
            kind = found.pop() if len(found) == 1 else None
            self._kinds[name] = None if kind == "int" and name in self.augmented else kind
        return self._kinds[name]


class Resolver:
    """Walks a program once; raises (or collects) positioned findings; returns a ``Resolution``."""

    def __init__(self, filename: str, source: str | None, *, repl: bool = False,
                 known_globals: frozenset[str] = frozenset(), collect: bool = False,
                 deadline: float | None = None) -> None:
        self.filename = filename
        self.deadline = deadline  # see mlpy.language.deadline: checked once per statement
        self.rules = Rules(filename, source)
        self.repl = repl
        self.known_globals = known_globals
        self.collect = collect
        self.imports: list[nodes.Import] = []
        self.capabilities: list[nodes.CapabilityDecl] = []
        self.warnings: list[errors.MLError] = []
        self.diagnostics: list[Diagnostic] = []
        self.scope = _Scope(None, None)
        self.module = self.scope
        self._typed_reads: list[tuple[nodes.Name, _Scope]] = []
        self._loops: list[tuple[nodes.For, _Scope]] = []  # loops whose body does not bind the target
        # For `returns.mark_functions`: top-level function declarations with their scopes' rebinding
        # tests, reads of top-level names by name, and top-level names a function rebinds through
        # `nonlocal`.
        self._top_functions: list[tuple[nodes.FunctionDef, returns.Rebound]] = []
        self._global_reads: dict[str, list[nodes.Name]] = {}
        self._rebound_globals: set[str] = set()

    # ------------------------------------------------------------------ findings

    def report(self, finding: Finding | None) -> None:
        """Record a finding: an error is raised unless collecting; a warning is kept either way."""
        if finding is None:
            return
        if finding.severity == "error":
            if not self.collect:
                raise finding.error
        else:
            self.warnings.append(finding.error)
        if self.collect:
            self.diagnostics.append(finding.diagnostic(self.filename))

    def _check_ident(self, name: str, line: int, col: int) -> None:
        # The rule's own test, done here first (this runs for every name); `[:1]` first because a
        # one-character slice is a shared string while `startswith` is a slower call.
        if name[:1] == "_" and name.startswith("__"):
            self.report(self.rules.reserved_identifier(name, line, col))

    # ------------------------------------------------------------------ entry point

    def resolve(self, program: nodes.Program) -> Resolution:
        """Resolve ``program``; raise the first error found (unless collecting)."""
        self._declare_body(program.body)
        self._body(program.body)
        for node, scope in self._typed_reads:
            node.kind = scope.kind_of(node.id)
        for loop, scope in self._loops:
            name = loop.target.id
            loop.stable_target = name not in scope.shared and name not in scope.nonlocal_names
        if not self.repl:
            self._type_global_reads()
        if self._top_functions and not self.repl:  # a later REPL entry may rebind any name
            returns.mark_functions(self._top_functions, self._global_reads, self.module.bindings,
                                   self._rebound_from_elsewhere)
        return Resolution(list(self.module.names), self.imports, self.capabilities, self.warnings,
                          self.diagnostics)

    def _type_global_reads(self) -> None:
        """Mark the reads of a top-level name bound only as the variable of ``for (i in range(...))``
        loops (the builtin ``range``) as ints.

        A run starts from fresh globals, so such a name is unbound (its read fails either way) or
        holds an int one of those loops stored, unless something else can bind it: an augmented
        assignment, a function through ``nonlocal``, the host (``known_globals``: inputs, the REPL
        session) or an earlier REPL entry (the caller skips REPL compiles). Those names keep no
        kind. Reads inside functions are typed too: whenever the function runs, the global holds
        such an int or nothing. Other top-level names are never assumed (a deliberate limit: only
        the loop variable is proven here). Runs before ``returns.mark_functions``, which asks
        ``kinds`` about returned names."""
        module, rebound, known = self.module, self._rebound_globals, self.known_globals
        bindings = module.bindings
        for name, reads in self._global_reads.items():
            if name in rebound or name in known:
                continue
            bound = bindings.get(name, ())
            if bound and type(bound[0]) is nodes.For and module.kind_of(name) == "int" \
                    and all(type(value) is nodes.For for value in bound):
                for node in reads:
                    node.kind = "int"

    def _rebound_from_elsewhere(self, name: str) -> bool:
        """A top-level ``name`` that a function rebinds through ``nonlocal``, an augmented assignment
        rebinds, or the REPL session already holds (for ``returns.mark_functions``)."""
        return name in self._rebound_globals or name in self.known_globals or name in self.module.augmented

    # ------------------------------------------------------------------ declaration phase

    def _bind(self, name: str, line: int, col: int, value: Binding = _UNKNOWN) -> None:
        if name[:1] == "_" and name.startswith("__"):  # `_check_ident`, inline: runs for every binding
            self.report(self.rules.reserved_identifier(name, line, col))
        scope = self.scope
        bound = scope.bindings.get(name)
        if bound is None:
            scope.bindings[name] = [value]
        else:
            bound.append(value)
        if name not in scope.names:
            scope.names[name] = None
            if name in FORBIDDEN_NAMES:
                self.report(self.rules.forbidden_definition(name, line, col))

    def _declare_body(self, body: list[nodes.Stmt]) -> None:
        """Collect the names ``body`` binds in the current scope (not inside nested functions)."""
        table = _DECLARE
        for stmt in body:
            if type(stmt) is nodes.Assign:  # the most common statement, handled here (not in `_DECLARE`)
                target = stmt.target
                if type(target) is nodes.Name:
                    self._bind(target.id, target.line, target.col, stmt.value)
                continue
            method = table.get(type(stmt))
            if method is not None:
                method(self, stmt)

    def declare_AugAssign(self, stmt: nodes.AugAssign) -> None:
        target = stmt.target
        if type(target) is nodes.Name:
            if target.id not in self.scope.names:
                self._bind(target.id, target.line, target.col)
            augmented = self.scope.augmented
            augmented[target.id] = augmented.get(target.id, 0) + 1

    def declare_ArrayDestructure(self, stmt: nodes.ArrayDestructure | nodes.ObjectDestructure) -> None:
        for target in stmt.targets:
            self._bind(target.id, target.line, target.col)

    declare_ObjectDestructure = declare_ArrayDestructure

    def declare_FunctionDef(self, stmt: nodes.FunctionDef) -> None:
        self._bind(stmt.name, stmt.line, stmt.name_col or stmt.col, stmt)

    def declare_For(self, stmt: nodes.For) -> None:
        target, scope = stmt.target, self.scope
        name = target.id
        self._bind(name, target.line, target.col, stmt)
        stmt.stable_target = False
        if scope.is_module:
            self._declare_body(stmt.body)
            return
        before = (len(scope.bindings[name]), scope.augmented.get(name, 0))
        self._declare_body(stmt.body)
        if (len(scope.bindings[name]), scope.augmented.get(name, 0)) == before:
            self._loops.append((stmt, scope))

    def declare_While(self, stmt: nodes.While) -> None:
        self._declare_body(stmt.body)

    def declare_If(self, stmt: nodes.If) -> None:
        for branch in stmt.branches:
            self._declare_body(branch.body)
        if stmt.orelse:
            self._declare_body(stmt.orelse)

    def declare_Try(self, stmt: nodes.Try) -> None:
        self._declare_body(stmt.body)
        for handler in stmt.handlers:
            if handler.name is not None:
                self._bind(handler.name, handler.line, handler.col)
            self._declare_body(handler.body)
        if stmt.finalbody:
            self._declare_body(stmt.finalbody)

    def declare_Import(self, stmt: nodes.Import) -> None:
        name = stmt.alias if stmt.alias is not None else stmt.path[0]
        self._bind(name, stmt.line, stmt.col)

    def declare_Nonlocal(self, stmt: nodes.Nonlocal) -> None:
        if self.scope.is_module:
            return
        for n in stmt.names:
            self._check_ident(n.id, n.line, n.col)
            self.scope.nonlocal_names.add(n.id)

    # ------------------------------------------------------------------ lookup

    def _visible(self) -> list[str]:
        names: list[str] = []
        scope: _Scope | None = self.scope
        while scope is not None:
            names.extend(scope.names)
            scope = scope.parent
        names.extend(self.known_globals)
        names.extend(BUILTIN_NAMES)
        return names

    def visit_Name(self, node: nodes.Name) -> None:
        name = node.id
        scope: _Scope | None = self.scope
        while scope is not None:
            if name in scope.names or name in scope.nonlocal_names:
                if not scope.is_module:
                    self._typed_reads.append((node, scope))
                else:
                    reads = self._global_reads.get(name)
                    if reads is None:
                        self._global_reads[name] = [node]
                    else:
                        reads.append(node)
                return
            scope = scope.parent
        if name in self.known_globals:
            return
        if name in BUILTIN_NAMES:
            node.builtin = True
            return
        finding = self.rules.reserved_identifier(name, node.line, node.col)
        if finding is None and self.repl and self.scope is not self.module and not forbidden_name_hint(name):
            # A REPL function may use what a later entry defines: the name is read when it runs.
            self.report(self.rules.not_defined_yet(node, self._visible()))
            return
        self.report(finding if finding is not None else self.rules.unknown_name(node, self._visible()))

    # ------------------------------------------------------------------ statements

    def visit(self, node: nodes.Node) -> None:
        """Visit one node (statement or expression)."""
        _VISIT[type(node)](self, node)

    def _body(self, body: list[nodes.Stmt]) -> None:
        table = _VISIT
        deadline = self.deadline
        for stmt in body:
            if deadline is not None:
                check_deadline(deadline, self.filename, stmt.line, stmt.col)
            if type(stmt) is nodes.Assign and type(stmt.target) is nodes.Name:
                value = stmt.value  # `visit_Assign`, inline: the most common statement
                table[type(value)](self, value)
            else:
                table[type(stmt)](self, stmt)

    # The visitors dispatch children through the table themselves (``_VISIT[type(x)](self, x)``
    # is ``self.visit(x)`` without its extra call): this is the resolver's inner loop. The tables
    # are module globals, which Python reads faster than a class attribute through ``self``.

    def visit_ExprStmt(self, stmt: nodes.ExprStmt) -> None:
        expr = stmt.expr
        _VISIT[type(expr)](self, expr)

    def visit_Assign(self, stmt: nodes.Assign) -> None:
        visit = _VISIT
        target = stmt.target
        if type(target) is not nodes.Name:  # a name target was bound in the declaration phase
            visit[type(target)](self, target)
        value = stmt.value
        visit[type(value)](self, value)

    def visit_AugAssign(self, stmt: nodes.AugAssign) -> None:
        visit = _VISIT
        visit[type(stmt.target)](self, stmt.target)  # `x op= v` reads x too (and records its kind)
        visit[type(stmt.value)](self, stmt.value)

    def visit_ArrayDestructure(self, stmt: nodes.ArrayDestructure | nodes.ObjectDestructure) -> None:
        self.visit(stmt.value)

    visit_ObjectDestructure = visit_ArrayDestructure

    def visit_If(self, stmt: nodes.If) -> None:
        visit = _VISIT
        for branch in stmt.branches:
            cond = branch.cond
            visit[type(cond)](self, cond)
            self._body(branch.body)
        if stmt.orelse:
            self._body(stmt.orelse)

    def visit_While(self, stmt: nodes.While) -> None:
        self.visit(stmt.cond)
        self._body(stmt.body)

    def visit_For(self, stmt: nodes.For) -> None:
        iterable = stmt.iterable
        _VISIT[type(iterable)](self, iterable)
        self._body(stmt.body)

    def visit_Return(self, stmt: nodes.Return) -> None:
        value = stmt.value
        if value is not None:
            _VISIT[type(value)](self, value)

    def visit_Throw(self, stmt: nodes.Throw) -> None:
        self.visit(stmt.value)

    def visit_Try(self, stmt: nodes.Try) -> None:
        self._body(stmt.body)
        for handler in stmt.handlers:
            self._body(handler.body)
        if stmt.finalbody:
            self._body(stmt.finalbody)

    def visit_Import(self, stmt: nodes.Import) -> None:
        for part in stmt.path:
            self._check_ident(part, stmt.line, stmt.col)
        self.imports.append(stmt)

    def visit_CapabilityDecl(self, stmt: nodes.CapabilityDecl) -> None:
        self.capabilities.append(stmt)
        for finding in self.rules.dangerous_capability(stmt):
            self.report(finding)

    def visit_Nonlocal(self, stmt: nodes.Nonlocal) -> None:
        scope = self.scope
        for n in stmt.names:
            name = n.id
            self._check_ident(name, n.line, n.col)
            if scope.function is None:
                # Top level: the name is already global; it only has to exist.
                if name not in scope.names and name not in self.known_globals:
                    self.report(self.rules.nonlocal_without_binding(n))
                continue
            if name in scope.names:
                self.report(self.rules.nonlocal_of_local(n))
                continue
            decl = self._nonlocal_kind(name)
            if decl is None:
                self.report(self.rules.nonlocal_without_binding(n))
                continue
            target = scope.function.enclosing_names if decl == "nonlocal" else scope.function.global_names
            if name not in target:
                target.append(name)

    def _nonlocal_kind(self, name: str) -> str | None:
        """``"nonlocal"`` if an enclosing function binds ``name``, ``"global"`` for the top level."""
        scope = self.scope.parent
        while scope is not None and scope.function is not None:
            if name in scope.function.global_names:
                self._rebound_globals.add(name)
                return "global"
            if name in scope.names or name in scope.function.enclosing_names:
                scope.bind(name, _UNKNOWN)  # rebound from a nested function: kind unknown
                scope.shared.add(name)
                return "nonlocal"
            scope = scope.parent
        if name in self.module.names or name in self.known_globals:
            self._rebound_globals.add(name)
            return "global"
        return None

    def _function(self, node: nodes.FunctionDef | nodes.ArrowFunction, body: nodes.Expr | list[nodes.Stmt]) -> None:
        outer = self.scope
        scope = _Scope(outer, node)
        if outer is self.module and type(node) is nodes.FunctionDef:
            self._top_functions.append((node, scope.rebinds))
        node.enclosing_names = []
        node.global_names = []
        self.scope = scope
        try:
            params = node.params
            for p in params:
                name = p.name
                if name[:1] == "_":  # `_check_ident`'s cheap first test, inline
                    self._check_ident(name, p.line, p.col)
                scope.names[name] = None
                scope.bind(name, _UNKNOWN)  # a parameter can hold anything
            if isinstance(body, list):
                self._declare_body(body)
                # Names declared nonlocal are bound elsewhere, never local here.
                for name in scope.nonlocal_names:
                    if name in scope.names and name not in (p.name for p in params):
                        del scope.names[name]
                self._body(body)
            else:
                self.visit(body)
        finally:
            self.scope = outer

    def visit_FunctionDef(self, stmt: nodes.FunctionDef) -> None:
        self._function(stmt, stmt.body)

    # ------------------------------------------------------------------ expressions

    # Chains (`a + b + ...`, `a && b && ...`, `a.b.c...`, `a ** b ** ...`) are as deep as they
    # are long. An operator's first operand is dispatched through `_FIRST` (a member's object
    # through `_OBJECT`, `**`'s right operand through `_POWER_RIGHT`), whose entries for the link
    # classes check the chain's length: a long one is visited in a loop (`_chain`), and a leaf
    # operand costs nothing extra.

    def visit_Binary(self, node: nodes.Binary) -> None:
        left, right = node.left, node.right
        _FIRST[type(left)](self, left)
        (_POWER_RIGHT if node.op == "**" else _VISIT)[type(right)](self, right)
        node.concat = node.op == "+" and kinds.concatenates(node)  # (the call only for a `+`)

    def visit_Logical(self, node: nodes.Logical) -> None:
        left, right = node.left, node.right
        _FIRST[type(left)](self, left)
        _VISIT[type(right)](self, right)

    def _link(self, node: Any) -> None:
        """Visit ``node``, the first operand of a chain link: in a loop if a long chain starts here."""
        kind = type(node)  # the next link, tested inline: most chains have two or three links
        below = node.obj if kind is nodes.Member else node.right if kind is nodes.Binary and node.op == "**" \
            else node.left
        if type(below) in _CHAIN_LINKS and _long_chain(below):
            self._chain(node)
        else:
            _VISIT[kind](self, node)

    def _chain(self, node: nodes.Binary | nodes.Logical | nodes.Member) -> None:
        """Visit a chain (``a + b + ...``, ``a && b && ...``, ``a.b.c...``, and ``a ** b ** ...``,
        which is deep on the right) in a loop, in the order the recursive visitors take it: the
        Python stack depth of one link whatever the chain's length (a one-line sum of thousands of
        terms is that deep)."""
        visit = _VISIT
        operators: list[nodes.Binary | nodes.Logical] = []
        current: nodes.Expr = node
        while True:
            if type(current) is nodes.Member:
                # reported on the way down, as the recursive visitor reports before visiting `obj`
                if current.name[:1] == "_" and current.name.startswith("__"):
                    self.report(self.rules.dunder_member(current))
                current = current.obj
            elif type(current) is nodes.Binary and current.op == "**" and type(current.right) is nodes.Binary:
                operators.append(current)
                left = current.left  # visited on the way down: its right operand is the chain
                visit[type(left)](self, left)
                current = current.right
            elif type(current) is nodes.Binary or type(current) is nodes.Logical:
                operators.append(current)
                current = current.left
            else:
                break
        visit[type(current)](self, current)
        for link in reversed(operators):
            if type(link) is nodes.Binary and link.op == "**" and type(link.right) is nodes.Binary:
                continue  # (no flag: not a `+`)
            right = link.right
            visit[type(right)](self, right)
            if type(link) is nodes.Binary:
                link.concat = link.op == "+" and kinds.concatenates(link)

    def visit_Call(self, node: nodes.Call) -> None:
        visit = _VISIT
        func, args = node.func, node.args
        visit[type(func)](self, func)
        for arg in args:
            visit[type(arg)](self, arg)
        if len(args) >= 2 and type(func) is nodes.Name and func.id in PROBING_BUILTINS:
            self.report(self.rules.internal_attribute_probe(node))

    def visit_Member(self, node: nodes.Member) -> None:
        if node.name[:1] == "_" and node.name.startswith("__"):
            self.report(self.rules.dunder_member(node))
        obj = node.obj
        _OBJECT[type(obj)](self, obj)

    def visit_Index(self, node: nodes.Index) -> None:
        visit = _VISIT
        obj, index = node.obj, node.index
        visit[type(obj)](self, obj)
        visit[type(index)](self, index)
        if type(index) is nodes.String and index.value.startswith("__"):
            self.report(self.rules.dunder_subscript(node))

    def visit_Unary(self, node: nodes.Unary) -> None:
        operand = node.operand
        while type(operand) is nodes.Unary:  # `- - ... x`: signs hold no names, so only the end
            operand = operand.operand
        _VISIT[type(operand)](self, operand)

    def visit_Ternary(self, node: nodes.Ternary) -> None:
        self.visit(node.cond)
        self.visit(node.then)
        self.visit(node.otherwise)

    def visit_Array(self, node: nodes.Array) -> None:
        visit, deadline = _VISIT, self.deadline  # a literal can be most of a program: checked
        for item in node.items:                       # per item too
            if deadline is not None:
                check_deadline(deadline, self.filename, item.line, item.col)
            visit[type(item)](self, item)

    def visit_Object(self, node: nodes.Object) -> None:
        visit, deadline = _VISIT, self.deadline
        for entry in node.entries:
            if deadline is not None:
                check_deadline(deadline, self.filename, entry.line, entry.col)
            value = entry.value
            visit[type(value)](self, value)

    def visit_Slice(self, node: nodes.Slice) -> None:
        self.visit(node.obj)
        for part in (node.start, node.stop, node.step):
            if part is not None:
                self.visit(part)

    def visit_ArrowFunction(self, node: nodes.ArrowFunction) -> None:
        self._function(node, node.body)


_CHAIN_LINKS = frozenset({nodes.Binary, nodes.Logical, nodes.Member})
"""Nodes whose first operand (``left``, a member's ``obj``) may be one of them again, to any length:
``Resolver._chain`` visits such chains in a loop."""

_SHORT_CHAIN = 8
"""Chains of fewer links are visited by plain recursion (cheaper for the usual two or three)."""


def _long_chain(node: nodes.Expr) -> bool:
    """Does a chain of at least ``_SHORT_CHAIN`` links start at ``node`` (a link)? Each link's
    operand followed is a member's object, the right operand of ``**`` (it groups to the right),
    else the left one."""
    count = 1
    while True:
        kind = type(node)
        if kind is nodes.Member:
            node = node.obj  # type: ignore[attr-defined]
        elif kind is nodes.Binary and node.op == "**":  # type: ignore[attr-defined]
            node = node.right  # type: ignore[attr-defined]
        else:
            node = node.left  # type: ignore[attr-defined]
        if type(node) not in _CHAIN_LINKS:
            return False
        count += 1
        if count == _SHORT_CHAIN:
            return True

_NO_EFFECT: Method = operator.is_
"""The visitor of the nodes with nothing to visit: literals hold no names, ``break``/``continue``
no expression (the parser has checked that they are inside a loop, and ``return`` that it is
inside a function). A C function of two arguments without any effect, called ``(resolver, node)``
like every visitor (the result is ignored): a literal then costs no Python call."""

_VISIT: dict[type[nodes.Node], Method] = dispatch_table(Resolver, "visit_")
"""``{node class: Resolver.visit_<Class>}``: the visit phase's dispatch."""
for _leaf in (nodes.Number, nodes.String, nodes.Bool, nodes.Null, nodes.Break, nodes.Continue):
    _VISIT[_leaf] = _NO_EFFECT
_FIRST: dict[type[nodes.Node], Method] = {**_VISIT, nodes.Binary: Resolver._link, nodes.Logical: Resolver._link}
"""``_VISIT`` for the left operand of an operator (see ``Resolver._link``). A member there (``p.x +
1``, common) is visited plainly: it checks its own object, so a mixed chain is still caught."""
_OBJECT: dict[type[nodes.Node], Method] = {**_FIRST, nodes.Member: Resolver._link}
"""``_VISIT`` for the object of a member."""
_POWER_RIGHT: dict[type[nodes.Node], Method] = {**_VISIT, nodes.Binary: Resolver._link}
"""``_VISIT`` for the right operand of ``**``, where its chains grow."""
_DECLARE: dict[type[nodes.Node], Method] = dispatch_table(Resolver, "declare_")
"""``{node class: Resolver.declare_<Class>}``: the declaration phase's dispatch (statements that
bind names; the others are absent)."""


def resolve(program: nodes.Program, filename: str, source: str | None, *, repl: bool = False,
            known_globals: frozenset[str] = frozenset(), collect: bool = False,
            deadline: float | None = None) -> Resolution:
    """Resolve the names of ``program`` (see the module docstring); raise the first compile error
    unless ``collect`` (then every finding is in ``Resolution.diagnostics``), ``MLTimeoutError`` past
    ``deadline``."""
    return Resolver(filename, source, repl=repl, known_globals=known_globals,
                    collect=collect, deadline=deadline).resolve(program)


__all__ = ["Resolution", "Resolver", "resolve"]
