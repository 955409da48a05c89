"""Lexical scope resolution for ML (SPEC §1.4), done once before code generation.

The resolver walks the whole program once. For every scope (the program, each function, each
block-bodied or expression-bodied arrow) it first collects the names the scope binds (assignments,
parameters, nested function declarations, loop and destructuring targets, ``except`` names, imports),
then checks every name read against the chain of scopes, the builtins and the REPL's known globals.

What it produces (a ``Resolution``) is all the code generator needs beyond the tree itself: which
names each function must declare ``nonlocal`` or ``global`` in Python, the program's top-level
names, its imports and capability requests, the warnings of the static checks, and two facts for
fast paths: which reads of a function variable can only see an object/array/string (every binding
of it is such a literal, and no nested function rebinds it), and which ``len`` reads are the builtin. Python's own
scoping then does the rest at run time, so a name read compiles to a plain Python name.
"""

from __future__ import annotations

import keyword
from dataclasses import dataclass, field

from mlpy import errors
from mlpy.compiler import checks
from mlpy.compiler.builtin_names import BUILTIN_NAMES
from mlpy.language import nodes

# Builtins whose call always returns an exact ``str`` / ``list`` (or raises).
_BUILTIN_RESULT_KINDS: dict[str, str] = {"str": "str", "repr": "str", "typeof": "str", "range": "list"}

MANGLED_NAMES: frozenset[str] = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | {
    "True", "False", "None"}
"""ML names that are Python keywords or soft keywords: compiled as ``__kw_<name>``."""


def mangle(name: str) -> str:
    """The Python identifier for ML name ``name``: Python keywords and soft keywords get ``__kw_``."""
    return "__kw_" + name if name in MANGLED_NAMES else name


@dataclass(slots=True)
class FunctionScope:
    """What one ML function (declaration or arrow) must declare in Python."""

    py_nonlocals: list[str] = field(default_factory=list)
    py_globals: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Resolution:
    """The result of resolving a program: per-function declarations and program-level facts."""

    functions: dict[int, FunctionScope]
    top_level_names: list[str]
    imports: list[nodes.Import]
    capability_requests: list[nodes.CapabilityDecl]
    warnings: list[errors.MLError]
    builtin_len_calls: set[int] = field(default_factory=set)
    """``id(Name node)`` of reads of ``len`` that are certainly the builtin (not shadowed anywhere)."""
    name_kinds: dict[int, str] = field(default_factory=dict)
    """``id(Name node)`` → ``"dict"``, ``"list"`` or ``"str"`` for reads of function variables that
    can only ever hold that kind of value (every assignment is such a literal), so the code
    generator may skip its run-time type test. Absent: unknown."""
    builtin_results: dict[int, str] = field(default_factory=dict)
    """``id(Name node)`` → ``"str"`` or ``"list"`` for reads of builtins that certainly are the builtin
    and always return that kind when called (``str``, ``repr``, ``typeof`` → str, ``range`` → list),
    so ``str(i)`` needs no ``__ml_str`` and ``for (i in range(n))`` no ``__ml_iter``."""


class _Scope:
    """One scope during resolution: the names it binds and its Python declarations."""

    __slots__ = ("parent", "names", "nonlocal_names", "info", "is_module", "kinds")

    def __init__(self, parent: _Scope | None, is_module: bool) -> None:
        self.parent = parent
        self.names: dict[str, None] = {}  # ordered set: bound here
        self.nonlocal_names: set[str] = set()  # declared nonlocal here (bound elsewhere)
        self.info = FunctionScope()
        self.is_module = is_module
        # name -> the one kind of value every binding gives it ("dict"/"list"/"str"), or None.
        self.kinds: dict[str, str | None] = {}


class Resolver:
    """Walks a program once; raises positioned compile errors; returns a ``Resolution``."""

    def __init__(self, filename: str, source: str | None, *, repl: bool = False,
                 known_globals: frozenset[str] = frozenset()) -> None:
        self.filename = filename
        self.source = source
        self.repl = repl
        self.known_globals = known_globals
        self.functions: dict[int, FunctionScope] = {}
        self.imports: list[nodes.Import] = []
        self.capabilities: list[nodes.CapabilityDecl] = []
        self.warnings: list[errors.MLError] = []
        self.scope = _Scope(None, True)
        self.module = self.scope
        self.loop_depth = 0
        self._typed_reads: dict[int, tuple[_Scope, str]] = {}
        self._builtin_len: set[int] = set()
        self._builtin_results: dict[int, str] = {}
        self._stmt = {
            nodes.ExprStmt: self._s_expr, nodes.Assign: self._s_assign, nodes.AugAssign: self._s_aug,
            nodes.ArrayDestructure: self._s_destructure, nodes.ObjectDestructure: self._s_destructure,
            nodes.If: self._s_if, nodes.While: self._s_while, nodes.For: self._s_for,
            nodes.Break: self._s_loopjump, nodes.Continue: self._s_loopjump,
            nodes.FunctionDef: self._s_function, nodes.Return: self._s_return,
            nodes.Nonlocal: self._s_nonlocal, nodes.Throw: self._s_throw, nodes.Try: self._s_try,
            nodes.Import: self._s_import, nodes.CapabilityDecl: self._s_capability,
        }

    # ------------------------------------------------------------------ errors

    def _line(self, line: int) -> str | None:
        if self.source is None or line < 1:
            return None
        lines = self.source.splitlines()
        return lines[line - 1] if line <= len(lines) else None

    def error(self, cls: type[errors.MLError], message: str, line: int, col: int,
              hint: str | None = None) -> errors.MLError:
        """A positioned compile error of class ``cls``."""
        return cls(message, self.filename, line, col, source_line=self._line(line), hint=hint)

    def _check_ident(self, name: str, line: int, col: int) -> None:
        if name.startswith("__"):
            raise self.error(errors.MLSyntaxError, f"identifiers may not start with '__': '{name}'",
                             line, col, hint="names starting with '__' are reserved for the runtime")

    # ------------------------------------------------------------------ entry point

    def resolve(self, program: nodes.Program) -> Resolution:
        """Resolve ``program``; raise the first compile error found."""
        self._declare_body(program.body)
        self._body(program.body)
        kinds = {key: scope.kinds[name] for key, (scope, name) in self._typed_reads.items()
                 if scope.kinds.get(name) is not None}
        return Resolution(self.functions, list(self.module.names), self.imports, self.capabilities,
                          self.warnings, self._builtin_len, kinds, self._builtin_results)

    # ------------------------------------------------------------------ declaration phase

    def _bind(self, name: str, line: int, col: int, kind: str | None = None) -> None:
        self._check_ident(name, line, col)
        scope = self.scope
        if name in scope.kinds:
            if scope.kinds[name] != kind:
                scope.kinds[name] = None
        else:
            scope.kinds[name] = kind
        if name not in scope.names:
            self.scope.names[name] = None
            if name in checks.FORBIDDEN_NAMES:
                warn = checks.check_definition(name, line, col, self.filename, self.source)
                if warn is not None:
                    self.warnings.append(warn)

    def _declare_body(self, body: list[nodes.Stmt]) -> None:
        """Collect the names ``body`` binds in the current scope (not inside nested functions)."""
        for stmt in body:
            t = type(stmt)
            if t is nodes.Assign:
                target = stmt.target
                if type(target) is nodes.Name:
                    self._bind(target.id, target.line, target.col, _value_kind(stmt.value))
            elif t is nodes.AugAssign:
                # An augmented assignment keeps the kind of a string/array (or fails): neutral.
                target = stmt.target
                if type(target) is nodes.Name and target.id not in self.scope.names:
                    self._bind(target.id, target.line, target.col)
            elif t is nodes.ArrayDestructure or t is nodes.ObjectDestructure:
                for target in stmt.targets:
                    self._bind(target.id, target.line, target.col)
            elif t is nodes.FunctionDef:
                self._bind(stmt.name, stmt.line, stmt.name_col or stmt.col)
            elif t is nodes.For:
                self._bind(stmt.target.id, stmt.target.line, stmt.target.col)
                self._declare_body(stmt.body)
            elif t is nodes.While:
                self._declare_body(stmt.body)
            elif t is nodes.If:
                for branch in stmt.branches:
                    self._declare_body(branch.body)
                if stmt.orelse:
                    self._declare_body(stmt.orelse)
            elif t is nodes.Try:
                self._declare_body(stmt.body)
                for handler in stmt.handlers:
                    if handler.name is not None:
                        self._bind(handler.name, handler.line, handler.col)
                    self._declare_body(handler.body)
                if stmt.finalbody:
                    self._declare_body(stmt.finalbody)
            elif t is nodes.Import:
                name = stmt.alias if stmt.alias is not None else stmt.path[0]
                self._bind(name, stmt.line, stmt.col)
            elif t is nodes.Nonlocal and not self.scope.is_module:
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

    def _lookup(self, node: nodes.Name) -> None:
        name = node.id
        scope: _Scope | None = self.scope
        while scope is not None:
            if name in scope.names or name in scope.nonlocal_names:
                if not scope.is_module and scope.kinds.get(name) is not None:
                    self._typed_reads[id(node)] = (scope, name)
                return
            scope = scope.parent
        if name in self.known_globals:
            return
        if name in BUILTIN_NAMES:
            if name == "len":
                self._builtin_len.add(id(node))
            else:
                result = _BUILTIN_RESULT_KINDS.get(name)
                if result is not None:
                    self._builtin_results[id(node)] = result
            return
        self._check_ident(name, node.line, node.col)
        hint = checks.forbidden_name_hint(name)
        if hint is None:
            import difflib  # only on the error path

            close = difflib.get_close_matches(name, self._visible(), n=1, cutoff=0.5)
            if close:
                hint = f"did you mean '{close[0]}'?"
        raise self.error(errors.MLNameError, f"Unknown identifier '{name}'", node.line, node.col, hint)

    # ------------------------------------------------------------------ statements

    def _body(self, body: list[nodes.Stmt]) -> None:
        table = self._stmt
        for stmt in body:
            table[type(stmt)](stmt)

    def _s_expr(self, stmt: nodes.ExprStmt) -> None:
        self._expr(stmt.expr)

    def _target(self, target: nodes.Expr) -> None:
        if type(target) is nodes.Name:
            return  # bound in the declaration phase
        self._expr(target)

    def _s_assign(self, stmt: nodes.Assign) -> None:
        self._target(stmt.target)
        self._expr(stmt.value)

    def _s_aug(self, stmt: nodes.AugAssign) -> None:
        if type(stmt.target) is nodes.Name:
            self._lookup(stmt.target)  # `x op= v` reads x too (and records its kind)
        else:
            self._expr(stmt.target)
        self._expr(stmt.value)

    def _s_destructure(self, stmt: nodes.ArrayDestructure | nodes.ObjectDestructure) -> None:
        self._expr(stmt.value)

    def _s_if(self, stmt: nodes.If) -> None:
        for branch in stmt.branches:
            self._expr(branch.cond)
            self._body(branch.body)
        if stmt.orelse:
            self._body(stmt.orelse)

    def _loop_body(self, body: list[nodes.Stmt]) -> None:
        self.loop_depth += 1
        try:
            self._body(body)
        finally:
            self.loop_depth -= 1

    def _s_while(self, stmt: nodes.While) -> None:
        self._expr(stmt.cond)
        self._loop_body(stmt.body)

    def _s_for(self, stmt: nodes.For) -> None:
        self._expr(stmt.iterable)
        self._loop_body(stmt.body)

    def _s_loopjump(self, stmt: nodes.Break | nodes.Continue) -> None:
        if self.loop_depth == 0:
            word = "break" if type(stmt) is nodes.Break else "continue"
            raise self.error(errors.MLSyntaxError, f"'{word}' outside a loop", stmt.line, stmt.col)

    def _s_return(self, stmt: nodes.Return) -> None:
        if self.scope.is_module:
            raise self.error(errors.MLSyntaxError, "'return' outside a function", stmt.line, stmt.col)
        if stmt.value is not None:
            self._expr(stmt.value)

    def _s_throw(self, stmt: nodes.Throw) -> None:
        self._expr(stmt.value)

    def _s_try(self, stmt: nodes.Try) -> None:
        self._body(stmt.body)
        for handler in stmt.handlers:
            self._body(handler.body)
        if stmt.finalbody:
            self._body(stmt.finalbody)

    def _s_import(self, stmt: nodes.Import) -> None:
        if not self.scope.is_module:
            raise self.error(errors.MLSyntaxError, "'import' is only allowed at the top level",
                             stmt.line, stmt.col)
        for part in stmt.path:
            self._check_ident(part, stmt.line, stmt.col)
        self.imports.append(stmt)

    def _s_capability(self, stmt: nodes.CapabilityDecl) -> None:
        self.capabilities.append(stmt)
        self.warnings.extend(checks.check_capability(stmt, self.filename, self.source))

    def _s_nonlocal(self, stmt: nodes.Nonlocal) -> None:
        scope = self.scope
        for n in stmt.names:
            name = n.id
            self._check_ident(name, n.line, n.col)
            if scope.is_module:
                # Top level: the name is already global; it only has to exist.
                if name in scope.names or name in self.known_globals:
                    continue
                raise self._no_binding(n)
            if name in scope.names:
                raise self.error(errors.MLSyntaxError,
                                 f"'{name}' is a parameter or already local and cannot be nonlocal",
                                 n.line, n.col)
            decl = self._nonlocal_kind(name)
            if decl is None:
                raise self._no_binding(n)
            target = scope.info.py_nonlocals if decl == "nonlocal" else scope.info.py_globals
            if name not in target:
                target.append(name)

    def _no_binding(self, n: nodes.Name) -> errors.MLError:
        return self.error(errors.MLNameError,
                          f"nonlocal '{n.id}' names no variable of an enclosing function or the top level",
                          n.line, n.col)

    def _nonlocal_kind(self, name: str) -> str | None:
        """``"nonlocal"`` if an enclosing function binds ``name``, ``"global"`` for the top level."""
        scope = self.scope.parent
        while scope is not None and not scope.is_module:
            if name in scope.info.py_globals:
                return "global"
            if name in scope.names or name in scope.info.py_nonlocals:
                scope.kinds[name] = None  # rebound from a nested function: kind unknown
                return "nonlocal"
            scope = scope.parent
        if name in self.module.names or name in self.known_globals:
            return "global"
        return None

    def _function(self, node: nodes.FunctionDef | nodes.ArrowFunction, params: list[nodes.Param],
                  body: list[nodes.Stmt] | None, expr: nodes.Expr | None) -> None:
        outer, outer_loops = self.scope, self.loop_depth
        scope = _Scope(outer, False)
        self.scope, self.loop_depth = scope, 0
        try:
            for p in params:
                self._check_ident(p.name, p.line, p.col)
                if p.name in scope.names:
                    raise self.error(errors.MLSyntaxError, f"duplicate parameter '{p.name}'",
                                     p.line, p.col)
                scope.names[p.name] = None
                scope.kinds[p.name] = None  # a parameter can hold anything
            if body is not None:
                self._declare_body(body)
                # Names declared nonlocal are bound elsewhere, never local here.
                for name in scope.nonlocal_names:
                    if name in scope.names and name not in (p.name for p in params):
                        del scope.names[name]
                self._body(body)
            else:
                self._expr(expr)  # type: ignore[arg-type]
        finally:
            self.scope, self.loop_depth = outer, outer_loops
        self.functions[id(node)] = scope.info

    def _s_function(self, stmt: nodes.FunctionDef) -> None:
        self._function(stmt, stmt.params, stmt.body, None)

    # ------------------------------------------------------------------ expressions

    def _expr(self, node: nodes.Expr) -> None:
        t = type(node)
        if t is nodes.Name:
            self._lookup(node)
        elif t is nodes.Binary or t is nodes.Logical:
            self._expr(node.left)
            self._expr(node.right)
        elif t is nodes.Call:
            self._expr(node.func)
            for arg in node.args:
                self._expr(arg)
            if node.args and type(node.func) is nodes.Name and len(node.args) >= 2:
                warn = checks.check_call(node, self.filename, self.source)
                if warn is not None:
                    self.warnings.append(warn)
        elif t is nodes.Member:
            checks.check_member_name(node, self.filename, self.source)
            self._expr(node.obj)
        elif t is nodes.Index:
            self._expr(node.obj)
            self._expr(node.index)
            if type(node.index) is nodes.String:
                warn = checks.check_subscript(node, self.filename, self.source)
                if warn is not None:
                    self.warnings.append(warn)
        elif t is nodes.Unary:
            self._expr(node.operand)
        elif t is nodes.Ternary:
            self._expr(node.cond)
            self._expr(node.then)
            self._expr(node.otherwise)
        elif t is nodes.Array:
            for item in node.items:
                self._expr(item)
        elif t is nodes.Object:
            for entry in node.entries:
                self._expr(entry.value)
        elif t is nodes.Slice:
            self._expr(node.obj)
            for part in (node.start, node.stop, node.step):
                if part is not None:
                    self._expr(part)
        elif t is nodes.ArrowFunction:
            if isinstance(node.body, list):
                self._function(node, node.params, node.body, None)
            else:
                self._function(node, node.params, None, node.body)


def _is_concat(node: nodes.Expr) -> bool:
    """A concatenating plus (SPEC §1.3): its value is always a string."""
    while type(node) is nodes.Binary and node.op == "+":
        if type(node.right) is nodes.String or type(node.left) is nodes.String or _is_concat(node.right):
            return True
        node = node.left
    return False


def _value_kind(node: nodes.Expr) -> str | None:
    """The kind of value an expression always produces, when its form alone tells."""
    t = type(node)
    if t is nodes.Object:
        return "dict"
    if t is nodes.Array:
        return "list"
    if t is nodes.String or (t is nodes.Binary and _is_concat(node)):
        return "str"
    return None


def resolve(program: nodes.Program, filename: str, source: str | None, *, repl: bool = False,
            known_globals: frozenset[str] = frozenset()) -> Resolution:
    """Resolve the names of ``program`` (see the module docstring); raise the first compile error."""
    return Resolver(filename, source, repl=repl, known_globals=known_globals).resolve(program)
