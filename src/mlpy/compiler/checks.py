"""The static rules of ML, each stated once: what the resolver reports while it walks a program.

Rules the parser already enforces while it reads (``break``/``continue`` inside a loop, ``return``
inside a function, ``import`` only at the top level, distinct parameter names) are not repeated
here. Names starting with ``__`` are checked both by the lexer (in text) and here, because
``compile_program`` also accepts trees that did not come from the parser, and such a name would
reach Python internals.

Every rule is a function that looks at one node (or one name) and returns a ``Finding`` or
``None``. The resolver (``resolver.py``) decides where each rule applies and what to do with a
finding: raise the first error (compiling) or collect them all (``diagnose``). Errors stop a
compile; warnings are harmless at run time but worth a look in ``mlpy check``.

Security rules make no finding from text inside string literals, and only exact names count, so
``open_count`` or ``"eval("`` never trigger anything.
"""

from __future__ import annotations

from dataclasses import dataclass

from mlpy import errors
from mlpy.language import nodes
from mlpy.language.diagnostics import Diagnostic, Severity, source_line_at

FORBIDDEN_NAMES: frozenset[str] = frozenset(
    """
    eval exec compile open globals locals vars dir breakpoint exit quit setattr delattr memoryview
    classmethod staticmethod property super type object __import__ __builtins__ importlib os sys
    subprocess builtins
    """.split()
)
"""Python names an attacker would reach for. None is an ML builtin, so using one without defining it
is an unknown name; the hint then says why it does not exist in ML."""

PROBING_BUILTINS: frozenset[str] = frozenset({"getattr", "hasattr"})
"""Builtins whose call with a string literal naming an internal (``_x``) probes for it."""

DANGEROUS_GRANTS: frozenset[str] = frozenset({"write", "net", "env", "all", "execute", "run"})
"""Capability words whose request ``mlpy check`` points out."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule's verdict on one place: the error to show, its rule code, severity and span length."""

    error: errors.MLError
    code: str
    severity: Severity = "error"
    length: int = 1

    def diagnostic(self, filename: str) -> Diagnostic:
        """The finding as a ``Diagnostic`` record."""
        return Diagnostic.from_error(self.error, self.code, severity=self.severity,
                                     length=self.length, filename=filename)


class Rules:
    """The rules, bound to one source text so that every finding shows its line."""

    __slots__ = ("filename", "source")

    def __init__(self, filename: str, source: str | None) -> None:
        self.filename = filename
        self.source = source

    def _finding(self, cls: type[errors.MLError], code: str, message: str, line: int, col: int, *,
                 hint: str | None = None, kind: str | None = None, severity: Severity = "error",
                 length: int = 1) -> Finding:
        error = cls(message, self.filename, line, col, source_line=source_line_at(self.source, line),
                    hint=hint, kind=kind)
        return Finding(error, code, severity, length)

    # ------------------------------------------------------------------ names and structure

    def reserved_identifier(self, name: str, line: int, col: int) -> Finding | None:
        """Names starting with ``__`` belong to the runtime and generated code."""
        if name.startswith("__"):
            return self._finding(errors.MLSyntaxError, "reserved-identifier",
                                 f"identifiers may not start with '__': '{name}'", line, col,
                                 hint="names starting with '__' are reserved for the runtime",
                                 length=len(name))
        return None

    def unknown_name(self, node: nodes.Name, visible: list[str]) -> Finding:
        """A read of a name nothing defines; the hint names a close match or why it is forbidden."""
        name = node.id
        hint = forbidden_name_hint(name)
        if hint is None:
            from mlpy.language.suggest import closest_name  # only on the error path

            close = closest_name(name, visible)
            if close is not None:
                hint = f"did you mean '{close}'?"
        return self._finding(errors.MLNameError, "unknown-name", f"Unknown identifier '{name}'",
                             node.line, node.col, hint=hint, length=len(name))

    def not_defined_yet(self, node: nodes.Name, visible: list[str]) -> Finding | None:
        """REPL: a function reads a name no entry has defined yet (it is looked up when the function
        runs, so a later entry may define it); a warning only when it looks like a misspelling."""
        from mlpy.language.suggest import closest_name

        close = closest_name(node.id, visible)
        if close is None:
            return None
        return self._finding(errors.MLNameError, "not-defined-yet",
                             f"'{node.id}' is not defined yet (it is looked up when the function runs)",
                             node.line, node.col, hint=f"did you mean '{close}'?", kind="NameWarning",
                             severity="warning", length=len(node.id))

    def nonlocal_of_local(self, name: nodes.Name) -> Finding:
        """``nonlocal x`` where ``x`` is a parameter or bound in the same function."""
        return self._finding(errors.MLSyntaxError, "nonlocal-of-local",
                             f"'{name.id}' is a parameter or already local and cannot be nonlocal",
                             name.line, name.col, length=len(name.id))

    def nonlocal_without_binding(self, name: nodes.Name) -> Finding:
        """``nonlocal x`` where no enclosing function nor the top level binds ``x``."""
        return self._finding(errors.MLNameError, "nonlocal-without-binding",
                             f"nonlocal '{name.id}' names no variable of an enclosing function or the "
                             "top level", name.line, name.col, length=len(name.id))

    # ------------------------------------------------------------------ security

    def dunder_member(self, node: nodes.Member) -> Finding | None:
        """``x.__class__``: a dunder member is never reachable, so naming one is a compile error."""
        if not is_dunder(node.name):
            return None
        return self._finding(errors.MLCompileError, "dunder-member",
                             f"access to the internal member '{node.name}' is not allowed",
                             node.name_line or node.line, node.name_col or node.col,
                             hint="names starting with '__' are Python internals, never ML data",
                             kind="SecurityError", length=len(node.name))

    def dunder_subscript(self, node: nodes.Index) -> Finding | None:
        """``x["__class__"]``: data on an object, but suspicious elsewhere, so a warning."""
        idx = node.index
        if type(idx) is nodes.String and is_dunder(idx.value) and type(node.obj) is not nodes.Object:
            return self._finding(errors.MLCompileError, "dunder-subscript",
                                 f"string subscript '{idx.value}' looks like a Python internal name",
                                 idx.line, idx.col, kind="SecurityWarning", severity="warning",
                                 hint="on an object this is plain data; on any other value it is "
                                      "never an attribute", length=len(idx.value) + 2)
        return None

    def internal_attribute_probe(self, node: nodes.Call) -> Finding | None:
        """``getattr(x, "__class__")`` / ``hasattr(x, "_y")``: warn (the runtime answers null/false)."""
        func = node.func
        if (type(func) is nodes.Name and func.id in PROBING_BUILTINS and len(node.args) >= 2
                and type(node.args[1]) is nodes.String and node.args[1].value.startswith("_")):
            arg = node.args[1]
            return self._finding(errors.MLCompileError, "internal-attribute-probe",
                                 f"{func.id}() of the internal name '{arg.value}'", arg.line, arg.col,
                                 kind="SecurityWarning", severity="warning",
                                 hint="names starting with '_' are never visible to ML; this always "
                                      "finds nothing", length=len(arg.value) + 2)
        return None

    def forbidden_definition(self, name: str, line: int, col: int) -> Finding | None:
        """A definition named like a forbidden Python name: allowed (an ML value), but noted."""
        if name in FORBIDDEN_NAMES:
            return self._finding(errors.MLCompileError, "shadows-python-name",
                                 f"'{name}' is defined by the program; it is an ordinary ML name, "
                                 "not Python's", line, col, kind="SecurityWarning", severity="warning",
                                 length=len(name))
        return None

    def dangerous_capability(self, node: nodes.CapabilityDecl) -> list[Finding]:
        """Warnings for requests of dangerous grants (write, net, env, all) in a capability block."""
        found: list[Finding] = []
        for item in node.items:
            words = {w.lower() for w in item.words}
            if item.kind.lower() in DANGEROUS_GRANTS:
                words.add(item.kind.lower())
            risky = sorted(words & DANGEROUS_GRANTS)
            if risky:
                found.append(self._finding(
                    errors.MLCompileError, "dangerous-capability",
                    f"capability '{node.name}' requests the dangerous grant '{' '.join(risky)}'",
                    item.line, item.col, kind="SecurityWarning", severity="warning",
                    hint="a capability block only requests; the user must grant it explicitly",
                    length=len(item.kind)))
        return found


def is_dunder(name: str) -> bool:
    """True for names that start with two underscores (Python internals)."""
    return name.startswith("__")


def forbidden_name_hint(name: str) -> str | None:
    """The hint for an unknown name that is a forbidden Python name, else ``None``."""
    if name in FORBIDDEN_NAMES:
        return f"'{name}' is not available in ML: it would let a program escape the sandbox"
    return None
