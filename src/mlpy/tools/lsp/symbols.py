"""The symbol table of one ML file: definitions, references and scopes, for editor features.

Built from the AST alone (``mlpy.language.nodes``) by the scoping rules of the compiler: the
program and every function (declaration or arrow) is a scope; blocks are not. A name bound anywhere
in a function (assignment, parameter, loop or destructuring target, ``except`` name, nested
function) is local to that whole function unless declared ``nonlocal``; reads look outward through
the enclosing scopes, then at the builtins. Imports bind the first part of their path (or the alias).

Everything here is plain data with 1-based lines and columns, as the parser reports them; the
language server converts to its own 0-based positions at the edge.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from mlpy.language import nodes

END = (10**9, 0)
"""A position after every position of a file: the end of the module scope."""

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_IMPORT_TEXT = re.compile(
    r"import\s+([A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*)(?:\s+as\s+([A-Za-z_]\w*))?")


@dataclass(eq=False)
class Scope:
    """The program or one function: the names it binds and the text it covers."""

    kind: str
    """``"module"`` or ``"function"``."""
    name: str
    start: tuple[int, int]
    end: tuple[int, int]
    """Exclusive end: the start of the next statement (or the end of the file)."""
    parent: Scope | None = field(default=None, repr=False)
    symbols: dict[str, Symbol] = field(default_factory=dict)
    nonlocals: set[str] = field(default_factory=set)
    children: list[Scope] = field(default_factory=list)

    def contains(self, line: int, col: int) -> bool:
        return self.start <= (line, col) < self.end


@dataclass(eq=False)
class Symbol:
    """A name bound in a scope, with the position of its first binding."""

    name: str
    kind: str
    """``"function"``, ``"parameter"``, ``"variable"``, ``"import"`` or ``"capability"``."""
    line: int
    col: int
    scope: Scope = field(repr=False)
    params: list[str] | None = None
    """Parameter labels (``"x"``, ``"x: number"``) of a function."""
    import_path: tuple[str, ...] | None = None
    """For an import: the module path the name stands for (``("a", "b")`` for ``import a.b as m``,
    ``("a",)`` for ``import a.b``, whose name ``a`` is the top package)."""
    full_import: tuple[str, ...] | None = None
    """For an import: the whole path of the import statement."""
    doc: str = ""
    """The ``//`` comment lines directly above a function definition."""
    end: tuple[int, int] | None = None
    """For a function: the end of its text (exclusive)."""
    body: Scope | None = field(default=None, repr=False)
    """For a function: its own scope."""
    value_kind: str | None = None
    """``"string"``, ``"array"`` or ``"object"`` when every assignment gives that kind of literal."""
    keys: tuple[str, ...] = ()
    """For an object: the keys of its literal(s)."""

    @property
    def signature(self) -> str:
        """``name(a, b)`` for a function, the bare name otherwise."""
        if self.params is None:
            return self.name
        return f"{self.name}({', '.join(self.params)})"


@dataclass(frozen=True, eq=False)
class Occurrence:
    """One place a name is written: a binding (``is_definition``) or a read."""

    name: str
    line: int
    col: int
    symbol: Symbol | None
    """None: a builtin or an unknown name."""
    is_definition: bool = False

    @property
    def end_col(self) -> int:
        return self.col + len(self.name)


@dataclass(frozen=True)
class Part:
    """One name of a dotted chain, with its position."""

    name: str
    line: int
    col: int


@dataclass(frozen=True, eq=False)
class MemberChain:
    """``a.b.c`` rooted at a name: every part with its position, and what the first one is bound to."""

    parts: tuple[Part, ...]
    root: Symbol | None


@dataclass(frozen=True, eq=False)
class ImportSite:
    """One ``import`` statement: the positions of its path parts and alias, and the bound symbol."""

    parts: tuple[Part, ...]
    alias: Part | None
    symbol: Symbol | None


class SymbolTable:
    """Definitions, references, member chains and scopes of one program, with position lookups."""

    def __init__(self, module: Scope, occurrences: list[Occurrence], chains: list[MemberChain],
                 imports: list[ImportSite], capabilities: list[Symbol]) -> None:
        self.module = module
        self.occurrences = occurrences
        self.chains = chains
        self.imports = imports
        self.capabilities = capabilities

    # ------------------------------------------------------------------ lookups by position

    def scope_at(self, line: int, col: int) -> Scope:
        """The innermost scope whose text contains the position."""
        scope = self.module
        while True:
            inner = next((child for child in scope.children if child.contains(line, col)), None)
            if inner is None:
                return scope
            scope = inner

    def visible(self, line: int, col: int) -> dict[str, Symbol]:
        """Every name visible at the position, innermost binding first."""
        seen: dict[str, Symbol] = {}
        scope: Scope | None = self.scope_at(line, col)
        while scope is not None:
            for name, symbol in scope.symbols.items():
                seen.setdefault(name, symbol)
            scope = scope.parent
        return seen

    def lookup(self, name: str, line: int, col: int) -> Symbol | None:
        """The symbol ``name`` means at the position (None: builtin or unknown)."""
        return self.visible(line, col).get(name)

    def occurrence_at(self, line: int, col: int) -> Occurrence | None:
        """The name occurrence under the position (the column may be just after the name)."""
        for occ in self.occurrences:
            if occ.line == line and occ.col <= col <= occ.end_col:
                return occ
        return None

    def chain_at(self, line: int, col: int) -> tuple[MemberChain, int] | None:
        """The member chain and the index of its part under the position (parts after the first)."""
        for chain in self.chains:
            for index, part in enumerate(chain.parts):
                if index and part.line == line and part.col <= col <= part.col + len(part.name):
                    return chain, index
        return None

    def import_at(self, line: int, col: int) -> tuple[ImportSite, int | None] | None:
        """The import statement under the position and the index of the path part (None: the alias)."""
        for site in self.imports:
            for index, part in enumerate(site.parts):
                if part.line == line and part.col <= col <= part.col + len(part.name):
                    return site, index
            if site.alias and site.alias.line == line and site.alias.col <= col <= site.alias.col + len(site.alias.name):
                return site, None
        return None

    def symbol_at(self, line: int, col: int) -> Symbol | None:
        """The ML symbol named under the position (an occurrence or an import's bound name)."""
        occ = self.occurrence_at(line, col)
        if occ is not None:
            return occ.symbol
        found = self.import_at(line, col)
        if found is not None:
            site, index = found
            if index is None or (site.alias is None and index == 0):
                return site.symbol
        return None

    def references(self, symbol: Symbol) -> list[Occurrence]:
        """Every occurrence of ``symbol`` (its bindings and its reads), in source order."""
        return [occ for occ in self.occurrences if occ.symbol is symbol]

    def top_level(self) -> list[Symbol]:
        """The symbols the program itself binds (an ML module's exports), in definition order."""
        return list(self.module.symbols.values())

    def all_symbols(self) -> Iterable[Symbol]:
        """Every symbol of every scope, outer scopes first."""
        pending = [self.module]
        while pending:
            scope = pending.pop(0)
            yield from scope.symbols.values()
            pending.extend(scope.children)


def build_symbol_table(program: nodes.Program, source: str) -> SymbolTable:
    """The symbol table of ``program`` (parsed from ``source``; a partial program is fine).

    Expressions are walked with a list of pending parts, so a long one-line sum (``a + a + ...``,
    thousands of terms) takes no Python stack; only nesting (blocks, functions) recurses."""
    return _Builder(source).build(program)


class _Builder:
    """Walks a program once per scope: first the bindings of the scope, then its reads."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.lines = source.split("\n")
        self.occurrences: list[Occurrence] = []
        self.chains: list[MemberChain] = []
        self.imports: list[ImportSite] = []
        self.import_sites: dict[int, ImportSite] = {}
        self.capabilities: list[Symbol] = []
        self.scope = Scope("module", "<module>", (1, 1), END)
        self.stmt_end: tuple[int, int] = END

    def build(self, program: nodes.Program) -> SymbolTable:
        self._declare(program.body)
        self._body(program.body, END)
        self.occurrences.sort(key=lambda o: (o.line, o.col))
        return SymbolTable(self.scope, self.occurrences, self.chains, self.imports, self.capabilities)

    # ------------------------------------------------------------------ text helpers

    def _locate(self, name: str, line: int, col: int) -> tuple[int, int]:
        """The position of the word ``name`` at or after ``line``/``col`` (within a few lines)."""
        for index in range(line - 1, min(line + 3, len(self.lines))):
            text = self.lines[index]
            start = col - 1 if index == line - 1 else 0
            for match in _WORD.finditer(text, max(start, 0)):
                if match.group() == name:
                    return index + 1, match.start() + 1
        return line, col

    def _doc_above(self, line: int) -> str:
        """The ``//`` comment block right above ``line`` (how ML code documents a function)."""
        found: list[str] = []
        index = line - 2
        while index >= 0 and self.lines[index].strip().startswith("//"):
            found.append(self.lines[index].strip()[2:].strip())
            index -= 1
        return "\n".join(reversed(found))

    def _import_parts(self, stmt: nodes.Import) -> tuple[tuple[Part, ...], Part | None]:
        """Positions of the path parts and alias of an import statement, read from the text."""
        offset = sum(len(text) + 1 for text in self.lines[: stmt.line - 1]) + stmt.col - 1
        source = self.source
        match = _IMPORT_TEXT.match(source, offset)
        if match is None:
            return tuple(Part(name, stmt.line, stmt.col) for name in stmt.path), None
        parts = tuple(self._part_at(source, m.start() + match.start(1), m.group())
                      for m in _WORD.finditer(match.group(1)))
        alias = self._part_at(source, match.start(2), match.group(2)) if match.group(2) else None
        return parts, alias

    @staticmethod
    def _part_at(source: str, offset: int, name: str) -> Part:
        line = source.count("\n", 0, offset) + 1
        col = offset - (source.rfind("\n", 0, offset) + 1) + 1
        return Part(name, line, col)

    # ------------------------------------------------------------------ bindings

    def _bind(self, name: str, kind: str, line: int, col: int, **extra: object) -> Symbol:
        """Bind ``name`` in the current scope (the first binding is its definition)."""
        scope = self.scope
        if name in scope.nonlocals and scope.kind == "function":
            target = self._outer_binding(name)
            if target is not None:
                return target
        symbol = scope.symbols.get(name)
        if symbol is None:
            symbol = Symbol(name, kind, line, col, scope, **extra)  # type: ignore[arg-type]
            scope.symbols[name] = symbol
        elif kind == "function" and symbol.kind == "variable":
            symbol.kind = kind
        return symbol

    def _outer_binding(self, name: str) -> Symbol | None:
        scope = self.scope.parent
        while scope is not None:
            if name in scope.symbols:
                return scope.symbols[name]
            scope = scope.parent
        return None

    def _declare(self, body: list[nodes.Stmt]) -> None:
        """Collect what ``body`` binds in the current scope (nested functions excluded)."""
        for stmt in body:
            if isinstance(stmt, nodes.Assign | nodes.AugAssign):
                if isinstance(stmt.target, nodes.Name):
                    symbol = self._bind(stmt.target.id, "variable", stmt.target.line, stmt.target.col)
                    if isinstance(stmt, nodes.Assign):
                        _note_value(symbol, stmt.target, stmt.value)
            elif isinstance(stmt, nodes.ArrayDestructure | nodes.ObjectDestructure):
                for target in stmt.targets:
                    self._bind(target.id, "variable", target.line, target.col)
            elif isinstance(stmt, nodes.FunctionDef):
                line, col = (stmt.line, stmt.name_col) if stmt.name_col else \
                    self._locate(stmt.name, stmt.line, stmt.col + 8)
                self._bind(stmt.name, "function", line, col, params=_param_labels(stmt.params),
                           doc=self._doc_above(stmt.line))
            elif isinstance(stmt, nodes.For):
                self._bind(stmt.target.id, "variable", stmt.target.line, stmt.target.col)
                self._declare(stmt.body)
            elif isinstance(stmt, nodes.While):
                self._declare(stmt.body)
            elif isinstance(stmt, nodes.If):
                for branch in stmt.branches:
                    self._declare(branch.body)
                self._declare(stmt.orelse or [])
            elif isinstance(stmt, nodes.Try):
                self._declare(stmt.body)
                for handler in stmt.handlers:
                    if handler.name is not None:
                        line, col = self._locate(handler.name, handler.line, handler.col + 6)
                        self._bind(handler.name, "variable", line, col)
                    self._declare(handler.body)
                self._declare(stmt.finalbody or [])
            elif isinstance(stmt, nodes.Import):
                self._declare_import(stmt)
            elif isinstance(stmt, nodes.Nonlocal) and self.scope.kind == "function":
                self.scope.nonlocals.update(name.id for name in stmt.names)

    def _declare_import(self, stmt: nodes.Import) -> None:
        parts, alias = self._import_parts(stmt)
        if alias is not None:
            symbol = self._bind(alias.name, "import", alias.line, alias.col, import_path=tuple(stmt.path),
                                full_import=tuple(stmt.path))
        else:
            first = parts[0] if parts else Part(stmt.path[0], stmt.line, stmt.col)
            symbol = self._bind(first.name, "import", first.line, first.col, import_path=(stmt.path[0],),
                                full_import=tuple(stmt.path))
        site = ImportSite(parts, alias, symbol)
        self.imports.append(site)
        self.import_sites[id(stmt)] = site

    # ------------------------------------------------------------------ occurrences

    def _write(self, name: nodes.Name) -> None:
        symbol = self._resolve(name.id)
        self.occurrences.append(Occurrence(name.id, name.line, name.col, symbol, True))

    def _read(self, name: nodes.Name) -> Symbol | None:
        symbol = self._resolve(name.id)
        self.occurrences.append(Occurrence(name.id, name.line, name.col, symbol))
        return symbol

    def _resolve(self, name: str) -> Symbol | None:
        scope: Scope | None = self.scope
        while scope is not None:
            if name in scope.symbols and not (name in scope.nonlocals and scope.kind == "function"):
                return scope.symbols[name]
            scope = scope.parent
        return None

    def _definition(self, symbol: Symbol) -> None:
        self.occurrences.append(Occurrence(symbol.name, symbol.line, symbol.col, symbol, True))

    # ------------------------------------------------------------------ statements

    def _body(self, body: list[nodes.Stmt], end: tuple[int, int]) -> None:
        for index, stmt in enumerate(body):
            following = body[index + 1] if index + 1 < len(body) else None
            stmt_end = (following.line, following.col) if following is not None else end
            self.stmt_end = stmt_end
            self._stmt(stmt, stmt_end)

    def _stmt(self, stmt: nodes.Stmt, end: tuple[int, int]) -> None:
        if isinstance(stmt, nodes.ExprStmt | nodes.Throw):
            self._expr(stmt.expr if isinstance(stmt, nodes.ExprStmt) else stmt.value)
        elif isinstance(stmt, nodes.Return):
            if stmt.value is not None:
                self._expr(stmt.value)
        elif isinstance(stmt, nodes.Assign | nodes.AugAssign):
            if isinstance(stmt.target, nodes.Name):
                self._write(stmt.target)
            else:
                self._expr(stmt.target)
            self._expr(stmt.value)
        elif isinstance(stmt, nodes.ArrayDestructure | nodes.ObjectDestructure):
            for target in stmt.targets:
                self._write(target)
            self._expr(stmt.value)
        elif isinstance(stmt, nodes.If):
            for branch in stmt.branches:
                self._expr(branch.cond)
                self._body(branch.body, end)
            self._body(stmt.orelse or [], end)
        elif isinstance(stmt, nodes.While):
            self._expr(stmt.cond)
            self._body(stmt.body, end)
        elif isinstance(stmt, nodes.For):
            self._expr(stmt.iterable)
            self._write(stmt.target)
            self._body(stmt.body, end)
        elif isinstance(stmt, nodes.Try):
            self._stmt_try(stmt, end)
        elif isinstance(stmt, nodes.FunctionDef):
            symbol = self._resolve(stmt.name)
            if symbol is not None:
                self._definition(symbol)
                symbol.end = end
            scope = self._function(stmt.name, stmt.params, stmt.body, (stmt.line, stmt.col), end)
            if symbol is not None and symbol.body is None:
                symbol.body = scope
        elif isinstance(stmt, nodes.Nonlocal):
            for name in stmt.names:
                self._read(name)
        elif isinstance(stmt, nodes.Import):
            site = self.import_sites.get(id(stmt))
            if site is not None and site.symbol is not None:
                bound = site.alias or site.parts[0]
                self.occurrences.append(Occurrence(bound.name, bound.line, bound.col, site.symbol, True))
        elif isinstance(stmt, nodes.CapabilityDecl):
            line, col = self._locate(stmt.name, stmt.line, stmt.col + 10)
            self.capabilities.append(Symbol(stmt.name, "capability", line, col, self.scope, end=end))

    def _stmt_try(self, stmt: nodes.Try, end: tuple[int, int]) -> None:
        self._body(stmt.body, end)
        for handler in stmt.handlers:
            if handler.name is not None:
                line, col = self._locate(handler.name, handler.line, handler.col + 6)
                self.occurrences.append(Occurrence(handler.name, line, col, self._resolve(handler.name), True))
            self._body(handler.body, end)
        self._body(stmt.finalbody or [], end)

    def _function(self, name: str, params: list[nodes.Param], body: list[nodes.Stmt] | nodes.Expr,
                  start: tuple[int, int], end: tuple[int, int]) -> Scope:
        outer, outer_end = self.scope, self.stmt_end
        scope = Scope("function", name, start, end, parent=outer)
        outer.children.append(scope)
        self.scope = scope
        try:
            for param in params:
                symbol = self._bind(param.name, "parameter", param.line, param.col)
                self._definition(symbol)
            if isinstance(body, list):
                self._declare(body)
                self._body(body, end)
            else:
                self._expr(body)
        finally:
            self.scope, self.stmt_end = outer, outer_end
        return scope

    # ------------------------------------------------------------------ expressions

    def _expr(self, node: nodes.Expr | None) -> None:
        """Walk an expression in source order. The sub-expressions still to walk are kept on a list,
        not the Python stack: a one-line sum of thousands of terms is that deep."""
        pending: list[nodes.Expr | None] = [node]
        while pending:
            node = pending.pop()
            if node is None:
                continue
            if isinstance(node, nodes.Name):
                self._read(node)
            elif isinstance(node, nodes.Member):
                rest = self._member(node)
                if rest is not None:
                    pending.append(rest)
            elif isinstance(node, nodes.ArrowFunction):
                self._function("<arrow>", node.params, node.body, (node.line, node.col), self.stmt_end)
            else:
                pending.extend(reversed(_children(node)))

    def _member(self, node: nodes.Member) -> nodes.Expr | None:
        """Record ``a.b.c`` chains rooted at a name (module members); any other object is returned,
        for the caller to walk."""
        parts: list[Part] = []
        current: nodes.Expr = node
        while isinstance(current, nodes.Member):
            parts.append(Part(current.name, current.name_line or current.line, current.name_col or current.col))
            current = current.obj
        if isinstance(current, nodes.Name):
            root = self._read(current)
            parts.append(Part(current.id, current.line, current.col))
            self.chains.append(MemberChain(tuple(reversed(parts)), root))
            return None
        return current


def _note_value(symbol: Symbol, target: nodes.Name, value: nodes.Expr) -> None:
    """Record what kind of literal an assignment gives ``symbol`` (unknown once two bindings differ)."""
    kind = ("string" if isinstance(value, nodes.String) else "array" if isinstance(value, nodes.Array)
            else "object" if isinstance(value, nodes.Object) else None)
    keys = tuple(entry.key for entry in value.entries) if isinstance(value, nodes.Object) else ()
    if (symbol.line, symbol.col) == (target.line, target.col):
        symbol.value_kind, symbol.keys = kind, keys
    elif symbol.value_kind != kind:
        symbol.value_kind, symbol.keys = None, ()
    else:
        symbol.keys = tuple(dict.fromkeys(symbol.keys + keys))


def _children(node: nodes.Expr) -> list[nodes.Expr]:
    """The sub-expressions of an expression node (names, members and arrows are handled apart)."""
    if isinstance(node, nodes.Binary | nodes.Logical):
        return [node.left, node.right]
    if isinstance(node, nodes.Unary):
        return [node.operand]
    if isinstance(node, nodes.Ternary):
        return [node.cond, node.then, node.otherwise]
    if isinstance(node, nodes.Call):
        return [node.func, *node.args]
    if isinstance(node, nodes.Index):
        return [node.obj, node.index]
    if isinstance(node, nodes.Slice):
        return [part for part in (node.obj, node.start, node.stop, node.step) if part is not None]
    if isinstance(node, nodes.Array):
        return list(node.items)
    if isinstance(node, nodes.Object):
        return [entry.value for entry in node.entries]
    return []


def _param_labels(params: list[nodes.Param]) -> list[str]:
    return [f"{p.name}: {p.annotation}" if p.annotation else p.name for p in params]
