"""What the text at a position of an ML document stands for, and what may be written there.

``target_at`` answers hover and go-to-definition: an ML symbol of the file, a module (an import, or
the prefix of a dotted access), a member of a module, or a builtin. ``completion_context`` and
``call_at`` read the text before the cursor (which rarely parses while the user is typing) to say
whether members of something, names, or module names are wanted, and which call the cursor is in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from mlpy.tools.lsp.analysis import Analysis
from mlpy.tools.lsp.builtins_doc import builtin_docs
from mlpy.tools.lsp.module_index import MemberDoc, ModuleDoc, ModuleIndex
from mlpy.tools.lsp.symbols import Part, Symbol

_CHAIN_BEFORE = re.compile(r"([A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*)\s*\.\s*(\w*)$")
_IMPORT_BEFORE = re.compile(r"^\s*import\s+([A-Za-z_][\w.]*\.)?(\w*)$")
_WORD_BEFORE = re.compile(r"(\w*)$")
_CALLEE_BEFORE = re.compile(r"([A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*)\s*$")


@dataclass(frozen=True)
class Target:
    """What a position refers to; exactly one of the payload fields is set, as ``kind`` says."""

    kind: str
    """``"symbol"``, ``"module"``, ``"member"`` or ``"builtin"``."""
    symbol: Symbol | None = None
    module: ModuleDoc | None = None
    member: MemberDoc | None = None


def module_of_chain(names: list[str], root: Symbol | None, analysis: Analysis, index: ModuleIndex
                    ) -> tuple[ModuleDoc, int] | None:
    """The module a dotted access ``names`` goes through, and how many of its names spell it.

    ``import a.b as m; m.f`` -> (a.b, 1); ``import a.b; a.b.f`` -> (a.b, 2); ``import math; math.pi``
    -> (math, 1).
    """
    if root is None or root.kind != "import" or root.full_import is None or root.import_path is None:
        return None
    if root.import_path == root.full_import:  # ``import m as x`` or a one-part import
        module = index.find(root.full_import, analysis.path)
        return (module, 1) if module is not None else None
    length = len(root.full_import)
    if tuple(names[:length]) != root.full_import:
        return None
    module = index.find(root.full_import, analysis.path)
    return (module, length) if module is not None else None


def target_at(analysis: Analysis, index: ModuleIndex, line: int, col: int) -> Target | None:
    """The thing named at 1-based ``line``/``col`` of the document, or None."""
    table = analysis.table
    if table is None:
        return None
    found_import = table.import_at(line, col)
    if found_import is not None:
        site, part = found_import
        path = tuple(p.name for p in site.parts)
        if part is not None and part + 1 < len(path):
            module = index.find(path[: part + 1], analysis.path)
            if module is not None:
                return Target("module", module=module)
        module = index.find(path, analysis.path)
        return Target("module", module=module) if module is not None else None
    found_chain = table.chain_at(line, col)
    if found_chain is not None:
        chain, part = found_chain
        names = [p.name for p in chain.parts]
        resolved = module_of_chain(names, chain.root, analysis, index)
        if resolved is None:
            return None
        module, length = resolved
        if part < length:
            return Target("module", module=module)
        if part == length and names[part] in module.members:
            return Target("member", module=module, member=module.members[names[part]])
        return None
    occurrence = table.occurrence_at(line, col)
    if occurrence is None:
        return None
    if occurrence.symbol is not None:
        return Target("symbol", symbol=occurrence.symbol)
    builtin = builtin_docs().get(occurrence.name)
    return Target("builtin", member=builtin) if builtin is not None else None


@dataclass(frozen=True)
class CompletionContext:
    """What the cursor is completing: ``"member"`` (of ``chain``), ``"module"`` (an import path
    after ``prefix``) or ``"name"``; ``partial`` is the word typed so far."""

    kind: str
    partial: str
    chain: tuple[str, ...] = ()
    prefix: str = ""


def completion_context(line_text: str, col: int) -> CompletionContext:
    """Classify the completion at 1-based ``col`` (the cursor is before that column)."""
    before = line_text[: col - 1]
    match = _IMPORT_BEFORE.match(before)
    if match is not None:
        return CompletionContext("module", match.group(2), prefix=(match.group(1) or "").rstrip("."))
    match = _CHAIN_BEFORE.search(before)
    if match is not None and not _in_string(before, match.start()):
        chain = tuple(part.strip() for part in match.group(1).split("."))
        return CompletionContext("member", match.group(2), chain=chain)
    word = _WORD_BEFORE.search(before)
    return CompletionContext("name", word.group(1) if word else "")


def _in_string(text: str, end: int) -> bool:
    """Is ``end`` inside a string literal of the line ``text`` (quotes counted, escapes skipped)?"""
    quote = None
    index = 0
    while index < end:
        char = text[index]
        if quote is not None and char == "\\":
            index += 2
            continue
        if quote is None and char in "\"'":
            quote = char
        elif char == quote:
            quote = None
        elif quote is None and text.startswith("//", index):
            return True
        index += 1
    return quote is not None


def member_completions(analysis: Analysis, index: ModuleIndex, chain: tuple[str, ...], line: int,
                       col: int) -> ModuleDoc | None:
    """The module whose members complete ``chain.`` at the position (None: not a module)."""
    table = analysis.table
    if table is None:
        return None
    root = table.lookup(chain[0], line, col) or table.module.symbols.get(chain[0])
    resolved = module_of_chain(list(chain), root, analysis, index)
    if resolved is None or resolved[1] != len(chain):
        return None
    return resolved[0]


@dataclass(frozen=True)
class CallSite:
    """The call the cursor is in: the callee's dotted name and the index of the current argument."""

    callee: tuple[str, ...]
    argument: int


def call_at(source: str, line: int, col: int) -> CallSite | None:
    """The innermost unclosed call before 1-based ``line``/``col`` (read from the text)."""
    lines = source.split("\n")
    if not 1 <= line <= len(lines):
        return None
    text = "\n".join(lines[: line - 1] + [lines[line - 1][: col - 1]])
    depth = 0
    commas = 0
    quote = None
    for position in range(len(text) - 1, -1, -1):
        char = text[position]
        if quote is not None:
            if char == quote and (position == 0 or text[position - 1] != "\\"):
                quote = None
            continue
        if char in "\"'":
            quote = char
        elif char in ")]}":
            depth += 1
        elif char in "([{":
            if depth == 0:
                if char != "(":
                    return None
                match = _CALLEE_BEFORE.search(text, 0, position)
                if match is None:
                    return None
                callee = tuple(part.strip() for part in match.group(1).split("."))
                return CallSite(callee, commas)
            depth -= 1
        elif char == "," and depth == 0:
            commas += 1
        elif char == ";" and depth == 0:
            return None
    return None


def callee_doc(analysis: Analysis, index: ModuleIndex, callee: tuple[str, ...], line: int, col: int
               ) -> MemberDoc | None:
    """The signature of the function ``callee`` names at the position: an ML function of the file,
    a module member or a builtin."""
    table = analysis.table
    symbol = table.lookup(callee[0], line, col) if table is not None else None
    if len(callee) == 1:
        if symbol is not None and symbol.params is not None:
            return MemberDoc(symbol.name, "function", symbol.signature, tuple(symbol.params), symbol.doc)
        return builtin_docs().get(callee[0]) if symbol is None else None
    resolved = module_of_chain(list(callee), symbol, analysis, index)
    if resolved is None or resolved[1] != len(callee) - 1:
        return None
    return resolved[0].members.get(callee[-1])


def uses_of_member(analysis: Analysis, index: ModuleIndex, module_path: Path, name: str) -> list[Part]:
    """Where ``analysis`` names the top-level ``name`` of the ML file ``module_path`` through an
    import (``util.double`` for ``double`` of ``util.ml``)."""
    if analysis.table is None:
        return []
    wanted = module_path.resolve()
    found: list[Part] = []
    for chain in analysis.table.chains:
        names = [part.name for part in chain.parts]
        resolved = module_of_chain(names, chain.root, analysis, index)
        if resolved is None:
            continue
        module, length = resolved
        if length < len(names) and names[length] == name and module.origin == "ml" \
                and module.path.resolve() == wanted:
            found.append(chain.parts[length])
    return found
