"""The language features as functions from an analysed document to LSP result objects.

Each function takes the ``Analysis`` of a document (and the ``ModuleIndex`` for its module paths),
plus a position as the protocol gives it (0-based line and character), and returns ``lsprotocol``
types; the server only routes requests here. Lines and columns of the analysis are 1-based.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from lsprotocol import types as t

from mlpy.language import RESERVED_WORDS
from mlpy.language.diagnostics import Diagnostic
from mlpy.tools.lsp.analysis import Analysis, analyse
from mlpy.tools.lsp.builtins_doc import builtin_docs
from mlpy.tools.lsp.lookup import (
    Target,
    call_at,
    callee_doc,
    completion_context,
    member_completions,
    target_at,
    uses_of_member,
)
from mlpy.tools.lsp.module_index import MemberDoc, ModuleDoc, ModuleIndex
from mlpy.tools.lsp.symbols import Symbol

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SEVERITY = {"error": t.DiagnosticSeverity.Error, "warning": t.DiagnosticSeverity.Warning,
             "info": t.DiagnosticSeverity.Information}
_SYMBOL_KIND = {"function": t.SymbolKind.Function, "variable": t.SymbolKind.Variable,
                "parameter": t.SymbolKind.Variable, "import": t.SymbolKind.Module,
                "capability": t.SymbolKind.Interface}
_COMPLETION_KIND = {"function": t.CompletionItemKind.Function, "variable": t.CompletionItemKind.Variable,
                    "parameter": t.CompletionItemKind.Variable, "import": t.CompletionItemKind.Module,
                    "constant": t.CompletionItemKind.Constant}

TOKEN_TYPES = ["namespace", "function", "parameter", "variable", "property"]
TOKEN_MODIFIERS = ["declaration", "defaultLibrary"]
SEMANTIC_LEGEND = t.SemanticTokensLegend(token_types=TOKEN_TYPES, token_modifiers=TOKEN_MODIFIERS)


def uri_of(path: Path) -> str:
    """The ``file:`` URI of a path (resolved, so one file has one URI)."""
    return path.resolve().as_uri()


def _range(line: int, col: int, length: int) -> t.Range:
    """The LSP range of ``length`` characters at 1-based ``line``/``col``."""
    return t.Range(t.Position(line - 1, col - 1), t.Position(line - 1, col - 1 + length))


# ----------------------------------------------------------------------------- diagnostics


def lsp_diagnostics(found: Iterable[Diagnostic]) -> list[t.Diagnostic]:
    """Checker diagnostics as LSP diagnostics (the hint, when any, follows the message)."""
    result = []
    for d in found:
        message = d.message + (f"\nhint: {d.hint}" if d.hint else "")
        end = (d.end_line, d.end_column) if (d.end_line, d.end_column) > (d.line, d.column) else (d.line, d.column + 1)
        result.append(t.Diagnostic(
            range=t.Range(t.Position(d.line - 1, d.column - 1), t.Position(end[0] - 1, end[1] - 1)),
            message=message, severity=_SEVERITY.get(d.severity, t.DiagnosticSeverity.Error),
            code=d.code, source="mlpy"))
    return result


# ----------------------------------------------------------------------------- completion


def _member_item(member: MemberDoc, module: str = "") -> t.CompletionItem:
    notes = _member_notes(member, module)
    return t.CompletionItem(
        label=member.name, kind=_COMPLETION_KIND.get(member.kind, t.CompletionItemKind.Field),
        detail=member.signature if not module else f"{module}.{member.signature}",
        documentation="\n\n".join(notes) if notes else None)


def completions(analysis: Analysis, index: ModuleIndex, position: t.Position) -> t.CompletionList:
    """Members after ``module.``, module names after ``import``, else names in scope, builtins and
    keywords."""
    line, col = position.line + 1, position.character + 1
    context = completion_context(analysis.line_text(line), col)
    items: list[t.CompletionItem] = []
    if context.kind == "member":
        owner = member_completions(analysis, index, context.chain, line, col)
        if owner is not None:
            items = [_member_item(member, owner.name) for member in owner.members.values()]
        else:
            items = _value_members(analysis, context.chain, line, col)
    elif context.kind == "module":
        prefix = context.prefix + "." if context.prefix else ""
        for doc in index.available(analysis.path):
            if prefix and not doc.name.startswith(prefix):
                continue
            items.append(t.CompletionItem(label=doc.name[len(prefix):], kind=t.CompletionItemKind.Module,
                                          detail=f"{doc.origin} module", documentation=doc.description or None))
    else:
        seen: set[str] = set()
        if analysis.table is not None:
            for name, symbol in analysis.table.visible(line, col).items():
                seen.add(name)
                items.append(t.CompletionItem(label=name, kind=_COMPLETION_KIND.get(symbol.kind),
                                              detail=symbol.signature if symbol.params is not None else symbol.kind,
                                              documentation=symbol.doc or None))
        for name, builtin in builtin_docs().items():
            if name not in seen:
                items.append(_member_item(builtin))
        items.extend(t.CompletionItem(label=word, kind=t.CompletionItemKind.Keyword)
                     for word in sorted(RESERVED_WORDS))
    return t.CompletionList(is_incomplete=False, items=items)


def _value_members(analysis: Analysis, chain: tuple[str, ...], line: int, col: int) -> list[t.CompletionItem]:
    """Members of a variable that only ever holds one kind of literal: the string or array methods
    ML allows, or the keys of an object literal."""
    from mlpy.runtime.members import ARRAY_METHODS, STRING_METHODS

    symbol = analysis.table.lookup(chain[0], line, col) if analysis.table is not None else None
    if symbol is None or len(chain) != 1:
        return []
    if symbol.value_kind == "object":
        return [t.CompletionItem(label=key, kind=t.CompletionItemKind.Field) for key in symbol.keys]
    methods = {"string": STRING_METHODS, "array": ARRAY_METHODS}.get(symbol.value_kind or "", {})
    return [t.CompletionItem(label=name, kind=t.CompletionItemKind.Method, detail=f"{symbol.value_kind} method")
            for name in sorted(methods)]


# ----------------------------------------------------------------------------- hover and signatures


def _member_notes(member: MemberDoc, module: str = "") -> list[str]:
    """The documentation of a module member and, for a Python function, the capabilities it needs."""
    notes = [member.doc] if member.doc else []
    if module and member.kind == "function" and member.path is not None and member.path.suffix == ".py":
        notes.append("Requires capabilities: " + (", ".join(member.capabilities) if member.capabilities else "none"))
    return notes


def _member_markdown(member: MemberDoc, module: str = "") -> t.MarkupContent:
    head = f"```ml\n{module + '.' if module else ''}{member.signature}\n```"
    return t.MarkupContent(kind=t.MarkupKind.Markdown, value="\n\n".join([head, *_member_notes(member, module)]))


def _module_markdown(module: ModuleDoc) -> t.MarkupContent:
    lines = [f"```ml\nimport {module.name};\n```", f"{module.origin} module"
             + (f": {module.description}" if module.description else "")]
    if module.capabilities:
        lines.append("Capabilities: " + ", ".join(f"`{c}`" for c in module.capabilities))
    if module.members:
        lines.append("Members: " + ", ".join(sorted(module.members)))
    return t.MarkupContent(kind=t.MarkupKind.Markdown, value="\n\n".join(lines))


def _symbol_markdown(symbol: Symbol) -> t.MarkupContent:
    head = f"function {symbol.signature}" if symbol.params is not None else f"({symbol.kind}) {symbol.name}"
    if symbol.kind == "import" and symbol.full_import:
        head = f"import {'.'.join(symbol.full_import)}"
    value = f"```ml\n{head}\n```" + (f"\n\n{symbol.doc}" if symbol.doc else "")
    return t.MarkupContent(kind=t.MarkupKind.Markdown, value=value)


def hover(analysis: Analysis, index: ModuleIndex, position: t.Position) -> t.Hover | None:
    """Signature, documentation and (for standard and extension functions) required capabilities."""
    target = target_at(analysis, index, position.line + 1, position.character + 1)
    if target is None:
        return None
    if target.kind == "symbol" and target.symbol is not None:
        if target.symbol.kind == "import" and target.symbol.full_import:
            module = index.find(target.symbol.full_import, analysis.path)
            if module is not None:
                return t.Hover(contents=_module_markdown(module))
        return t.Hover(contents=_symbol_markdown(target.symbol))
    if target.kind == "module" and target.module is not None:
        return t.Hover(contents=_module_markdown(target.module))
    if target.member is not None:
        owner = target.module.name if target.module is not None else ""
        return t.Hover(contents=_member_markdown(target.member, owner))
    return None


def signature_help(analysis: Analysis, index: ModuleIndex, position: t.Position) -> t.SignatureHelp | None:
    """The signature of the call the cursor is in, with the current parameter."""
    line, col = position.line + 1, position.character + 1
    site = call_at(analysis.source, line, col)
    if site is None:
        return None
    doc = callee_doc(analysis, index, site.callee, line, col)
    if doc is None:
        return None
    label = ".".join(site.callee[:-1] + (doc.signature,)) if len(site.callee) > 1 else doc.signature
    params = [t.ParameterInformation(label=p) for p in doc.params]
    active = min(site.argument, len(params) - 1) if params else None  # extra arguments: the last (variadic)
    signature = t.SignatureInformation(label=label, parameters=params, documentation=doc.doc or None,
                                       active_parameter=active)
    return t.SignatureHelp(signatures=[signature], active_signature=0, active_parameter=active)


# ----------------------------------------------------------------------------- navigation


def _location(path: Path, line: int, col: int, length: int) -> t.Location:
    return t.Location(uri=uri_of(path), range=_range(line, col, length))


def _target_location(target: Target, uri: str) -> t.Location | None:
    if target.symbol is not None:
        return t.Location(uri=uri, range=_range(target.symbol.line, target.symbol.col, len(target.symbol.name)))
    member = target.member
    if member is not None and member.path is not None:
        length = len(member.name) if member.path.suffix == ".ml" else 0
        return _location(member.path, member.line, member.col, length)
    if target.module is not None:
        return _location(target.module.path, target.module.line, 1, 0)
    return None


def definition(analysis: Analysis, index: ModuleIndex, uri: str, position: t.Position) -> list[t.Location]:
    """Where the name under the cursor is defined: in this file, in an imported ML file, or in the
    Python file of a standard or extension module (at the function's ``def`` line)."""
    target = target_at(analysis, index, position.line + 1, position.character + 1)
    if target is None:
        return []
    if target.symbol is not None and target.symbol.kind == "import":  # a use of an imported name
        module = index.find(target.symbol.full_import or (), analysis.path)
        if module is not None:
            return [_location(module.path, module.line, 1, 0)]
    location = _target_location(target, uri)
    return [location] if location is not None else []


Workspace = Callable[[], Iterable[tuple[str, Analysis, ModuleIndex]]]
"""Gives every document of the workspace (open or on disk) with its uri and module index."""


def _home_of(target_path: Path, workspace: Workspace) -> tuple[str, Analysis] | None:
    """The analysis of an ML file, from the workspace or else read from disk."""
    wanted = target_path.resolve()
    for uri, other, _index in workspace():
        if other.path is not None and other.path.resolve() == wanted:
            return uri, other
    try:
        return uri_of(wanted), analyse(wanted.read_text(encoding="utf-8"), str(wanted))
    except (OSError, UnicodeDecodeError):
        return None


def references(analysis: Analysis, index: ModuleIndex, uri: str, position: t.Position,
               include_declaration: bool = True, workspace: Workspace | None = None) -> list[t.Location]:
    """Every occurrence of the ML symbol under the cursor: in this document and, for a top-level
    name of an ML module, its uses through imports in the other documents of the workspace."""
    line, col = position.line + 1, position.character + 1
    home_uri, home = uri, analysis
    symbol = analysis.table.symbol_at(line, col) if analysis.table is not None else None
    if symbol is None and workspace is not None:  # a member of an imported ML module
        target = target_at(analysis, index, line, col)
        member = target.member if target is not None else None
        if member is not None and member.path is not None and member.path.suffix == ".ml":
            found = _home_of(member.path, workspace)
            if found is not None and found[1].table is not None:
                home_uri, home = found
                symbol = found[1].table.module.symbols.get(member.name)
    if symbol is None or home.table is None:
        return []
    locations = [t.Location(uri=home_uri, range=_range(occ.line, occ.col, len(occ.name)))
                 for occ in home.table.references(symbol)
                 if include_declaration or (occ.line, occ.col) != (symbol.line, symbol.col)]
    if workspace is not None and symbol.scope.kind == "module" and symbol.kind != "import" \
            and home.path is not None:
        for other_uri, other, other_index in workspace():
            for part in uses_of_member(other, other_index, home.path, symbol.name):
                locations.append(t.Location(uri=other_uri, range=_range(part.line, part.col, len(part.name))))
    return locations


def prepare_rename(analysis: Analysis, position: t.Position) -> t.Range | None:
    """The range of the renameable symbol under the cursor (None: nothing to rename there)."""
    table = analysis.table
    line, col = position.line + 1, position.character + 1
    if table is None or table.symbol_at(line, col) is None:
        return None
    occurrence = table.occurrence_at(line, col)
    if occurrence is not None:
        return _range(occurrence.line, occurrence.col, len(occurrence.name))
    found = table.import_at(line, col)
    if found is not None:
        part = found[0].alias if found[1] is None else found[0].parts[found[1]]
        if part is not None:
            return _range(part.line, part.col, len(part.name))
    return None


def rename(analysis: Analysis, index: ModuleIndex, uri: str, position: t.Position, new_name: str,
           workspace: Workspace | None = None) -> t.WorkspaceEdit | None:
    """Rename the ML symbol under the cursor everywhere ``references`` finds it; a new name must be
    an identifier that is not a reserved word (``ValueError`` otherwise)."""
    if not _IDENTIFIER.match(new_name) or new_name in RESERVED_WORDS or new_name.startswith("__"):
        raise ValueError(f"'{new_name}' is not a valid ML name")
    changes: dict[str, list[t.TextEdit]] = {}
    for location in references(analysis, index, uri, position, workspace=workspace):
        changes.setdefault(location.uri, []).append(t.TextEdit(range=location.range, new_text=new_name))
    return t.WorkspaceEdit(changes=changes) if changes else None


# ----------------------------------------------------------------------------- symbols


def document_symbols(analysis: Analysis) -> list[t.DocumentSymbol]:
    """Functions (with their parameters and locals nested), variables, imports and capabilities."""
    table = analysis.table
    if table is None:
        return []
    last_line = len(analysis.source.split("\n"))

    def make(symbol: Symbol) -> t.DocumentSymbol:
        name_range = _range(symbol.line, symbol.col, len(symbol.name))
        whole = name_range
        children: list[t.DocumentSymbol] = []
        if symbol.end is not None:
            last = max(symbol.line, min(symbol.end[0] - 1, last_line))
            whole = t.Range(t.Position(symbol.line - 1, 0), t.Position(last - 1, len(analysis.line_text(last))))
        if symbol.body is not None:
            children = [make(child) for child in symbol.body.symbols.values()]
        return t.DocumentSymbol(name=symbol.name, kind=_SYMBOL_KIND.get(symbol.kind, t.SymbolKind.Variable),
                                range=whole, selection_range=name_range,
                                detail=symbol.signature if symbol.params is not None else None,
                                children=children or None)

    return [make(symbol) for symbol in [*table.top_level(), *table.capabilities]]


def workspace_symbols(documents: Iterable[tuple[str, Analysis]], query: str) -> list[t.WorkspaceSymbol]:
    """Top-level definitions of every given document whose name contains ``query`` (any case)."""
    wanted = query.lower()
    found: list[t.WorkspaceSymbol] = []
    for uri, analysis in documents:
        if analysis.table is None:
            continue
        for symbol in [*analysis.table.top_level(), *analysis.table.capabilities]:
            if wanted in symbol.name.lower() and symbol.kind != "import":
                found.append(t.WorkspaceSymbol(
                    name=symbol.name, kind=_SYMBOL_KIND.get(symbol.kind, t.SymbolKind.Variable),
                    location=t.Location(uri=uri, range=_range(symbol.line, symbol.col, len(symbol.name)))))
    return found


# ----------------------------------------------------------------------------- semantic tokens


def semantic_tokens(analysis: Analysis) -> t.SemanticTokens:
    """Identifiers classified: modules, functions, parameters, variables, members; builtins marked
    ``defaultLibrary`` and bindings ``declaration``."""
    table = analysis.table
    if table is None:
        return t.SemanticTokens(data=[])
    tokens: list[tuple[int, int, int, int, int]] = []
    builtins = builtin_docs()
    for occ in table.occurrences:
        if occ.symbol is not None:
            kind = {"import": 0, "function": 1, "parameter": 2}.get(occ.symbol.kind, 3)
            modifiers = 1 if occ.is_definition else 0
        elif occ.name in builtins:
            kind, modifiers = 1, 2
        else:
            continue
        tokens.append((occ.line, occ.col, len(occ.name), kind, modifiers))
    for chain in table.chains:
        for part in chain.parts[1:]:
            tokens.append((part.line, part.col, len(part.name), 4, 0))
    for site in table.imports:
        for part in site.parts:
            tokens.append((part.line, part.col, len(part.name), 0, 0))
    data: list[int] = []
    previous_line, previous_col = 1, 1
    for line, col, length, kind, modifiers in sorted(set(tokens)):
        delta_line = line - previous_line
        delta_col = col - previous_col if delta_line == 0 else col - 1
        if delta_line == 0 and delta_col < 0:
            continue
        data.extend((delta_line, delta_col, length, kind, modifiers))
        previous_line, previous_col = line, col
    return t.SemanticTokens(data=data)


# ----------------------------------------------------------------------------- formatting


def formatting(analysis: Analysis) -> list[t.TextEdit] | None:
    """One edit replacing the document with ``mlpy fmt``'s layout: ``[]`` when it is already
    formatted, None when it cannot be formatted (it does not parse: the text is left alone)."""
    from mlpy.errors import MLError
    from mlpy.tools.fmt import FormatterError, format_source

    try:
        formatted = format_source(analysis.source, analysis.filename)
    except (MLError, FormatterError):
        return None
    if formatted == analysis.source:
        return []
    lines = analysis.source.split("\n")
    end = t.Position(len(lines) - 1, len(lines[-1]))
    return [t.TextEdit(range=t.Range(t.Position(0, 0), end), new_text=formatted)]
