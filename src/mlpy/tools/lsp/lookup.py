"""What the text at a position of an ML document stands for, and what may be written there.

``target_at`` answers hover and go-to-definition: an ML symbol of the file, a module (an import, or
the prefix of a dotted access), a member of a module, or a builtin. ``completion_context`` and
``call_at`` read the text before the cursor (which rarely parses while the user is typing) to say
whether members of something, names, or module names are wanted, and which call the cursor is in.

That text is read backwards from the cursor, a character at a time, never with a regular expression
searched over the line: a search anchored at the end retries from every start position, which is
quadratic in the length of the line (8 s for one completion on a 20,000-character line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from mlpy.tools.lsp.analysis import Analysis
from mlpy.tools.lsp.builtins_doc import builtin_docs
from mlpy.tools.lsp.module_index import MemberDoc, ModuleDoc, ModuleIndex
from mlpy.tools.lsp.symbols import Part, Symbol

_IMPORT_LINE = re.compile(r"\s*import\s+([\w.]*)")
_NAME_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")


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
    module = _import_before(before)
    if module is not None:
        return module
    partial_start = _word_start(before, len(before))
    partial = before[partial_start:]
    dot = _skip_spaces_back(before, partial_start) - 1
    if dot >= 0 and before[dot] == ".":
        found = _chain_ending_at(before, _skip_spaces_back(before, dot))
        if found is not None and not _in_string(before, found[0]):
            return CompletionContext("member", partial, chain=found[1])
    return CompletionContext("name", partial)


def _import_before(before: str) -> CompletionContext | None:
    """The module completion of a line ``import a.b.pa`` (prefix ``a.b``, partial ``pa``), or None."""
    match = _IMPORT_LINE.fullmatch(before)
    if match is None:
        return None
    path = match.group(1)
    cut = path.rfind(".") + 1
    prefix, partial = path[:cut], path[cut:]
    if prefix and prefix[0] not in _NAME_START:
        return None
    return CompletionContext("module", partial, prefix=prefix.rstrip("."))


def _is_word_char(char: str) -> bool:
    """A character of a word as regular expressions' ``\\w`` counts them (letters, digits, ``_``)."""
    return char.isalnum() or char == "_"


def _word_start(text: str, end: int) -> int:
    """Where the run of word characters ending at ``end`` starts (``end`` when there is none)."""
    start = end
    while start > 0 and _is_word_char(text[start - 1]):
        start -= 1
    return start


def _skip_spaces_back(text: str, end: int) -> int:
    """``end`` moved left over the whitespace before it."""
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


def _chain_ending_at(text: str, end: int) -> tuple[int, tuple[str, ...]] | None:
    """The dotted name (``a . b.c``) whose last name ends at ``end``: its start and its names.

    Each name starts at the first ASCII letter or ``_`` of its word (``1ab`` names ``ab``, and the
    chain cannot go on to the left of such a word); None when no name ends at ``end``."""
    names: list[str] = []
    start = end
    while True:
        run = _word_start(text, end)
        first = next((i for i in range(run, end) if text[i] in _NAME_START), None)
        if first is None:
            break
        names.append(text[first:end])
        start = first
        dot = _skip_spaces_back(text, first) - 1
        if first != run or dot < 0 or text[dot] != ".":
            break
        end = _skip_spaces_back(text, dot)
    return (start, tuple(reversed(names))) if names else None


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
                found = _chain_ending_at(text, _skip_spaces_back(text, position))
                return CallSite(found[1], commas) if found is not None else None
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
