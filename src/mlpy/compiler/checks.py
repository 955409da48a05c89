"""Static security checks of SPEC §4: forbidden names, dunder members, dunder string subscripts,
dangerous capability requests.

The checks are called by the scope resolver while it walks the program (one walk for both jobs, to
keep compilation fast). Hard findings raise a compile error with a position; soft findings (things
that are harmless at run time but worth a look in ``mlpy check``) are returned as warning objects.
No finding is made from text inside string literals, and only exact names count, so ``open_count``
or ``"eval("`` never trigger anything.
"""

from __future__ import annotations

from mlpy import errors
from mlpy.language import nodes

FORBIDDEN_NAMES: frozenset[str] = frozenset(
    """
    eval exec compile open globals locals vars dir breakpoint exit quit setattr delattr memoryview
    classmethod staticmethod property super type object __import__ __builtins__ importlib os sys
    subprocess builtins
    """.split()
)
"""Python names an attacker would reach for. None is an ML builtin, so using one without defining it
is an unknown name; the hint then says why it does not exist in ML."""

DANGEROUS_GRANTS: frozenset[str] = frozenset({"write", "net", "env", "all", "execute", "run"})
"""Capability words whose request ``mlpy check`` points out."""


def is_dunder(name: str) -> bool:
    """True for names that start with two underscores (Python internals)."""
    return name.startswith("__")


def forbidden_name_hint(name: str) -> str | None:
    """The hint for an unknown name that is a forbidden Python name, else ``None``."""
    if name in FORBIDDEN_NAMES:
        return f"'{name}' is not available in ML: it would let a program escape the sandbox"
    return None


def _source_line(source: str | None, line: int) -> str | None:
    """The text of 1-based ``line`` of ``source`` (for error displays)."""
    if source is None or line < 1:
        return None
    lines = source.splitlines()
    return lines[line - 1] if line <= len(lines) else None


def finding(message: str, filename: str, source: str | None, line: int, col: int, *,
            hint: str | None = None, kind: str = "SecurityError") -> errors.MLCompileError:
    """A positioned compile-time security finding (raised for errors, collected for warnings)."""
    return errors.MLCompileError(message, filename, line, col, source_line=_source_line(source, line),
                                 hint=hint, kind=kind)


def check_member_name(node: nodes.Member, filename: str, source: str | None) -> None:
    """``x.__class__``: a dunder member is never reachable, so naming one is a compile error."""
    if is_dunder(node.name):
        line = node.name_line or node.line
        col = node.name_col or node.col
        raise finding(f"access to the internal member '{node.name}' is not allowed", filename, source,
                      line, col, hint="names starting with '__' are Python internals, never ML data")


def check_subscript(node: nodes.Index, filename: str, source: str | None) -> errors.MLCompileError | None:
    """``x["__class__"]``: data on an object, but suspicious elsewhere, so a warning (never an error)."""
    idx = node.index
    if isinstance(idx, nodes.String) and is_dunder(idx.value) and not isinstance(node.obj, nodes.Object):
        return finding(f"string subscript '{idx.value}' looks like a Python internal name", filename,
                       source, idx.line, idx.col, kind="SecurityWarning",
                       hint="on an object this is plain data; on any other value it is never an attribute")
    return None


def check_call(node: nodes.Call, filename: str, source: str | None) -> errors.MLCompileError | None:
    """``getattr(x, "__class__")`` / ``hasattr(x, "__dict__")``: warn (the runtime answers null/false)."""
    func = node.func
    if (isinstance(func, nodes.Name) and func.id in ("getattr", "hasattr") and len(node.args) >= 2
            and isinstance(node.args[1], nodes.String) and node.args[1].value.startswith("_")):
        arg = node.args[1]
        return finding(f"{func.id}() of the internal name '{arg.value}'", filename, source, arg.line,
                       arg.col, kind="SecurityWarning",
                       hint="names starting with '_' are never visible to ML; this always finds nothing")
    return None


def check_definition(name: str, line: int, col: int, filename: str,
                     source: str | None) -> errors.MLCompileError | None:
    """A user definition named like a forbidden Python name: allowed (it is an ML value), but noted."""
    if name in FORBIDDEN_NAMES:
        return finding(f"'{name}' is defined by the program; it is an ordinary ML name, not Python's",
                       filename, source, line, col, kind="SecurityWarning")
    return None


def check_capability(node: nodes.CapabilityDecl, filename: str,
                     source: str | None) -> list[errors.MLCompileError]:
    """Warnings for requests of dangerous grants (write, net, env, all) in a capability block."""
    found: list[errors.MLCompileError] = []
    for item in node.items:
        words = {w.lower() for w in item.words}
        if item.kind.lower() in DANGEROUS_GRANTS:
            words.add(item.kind.lower())
        risky = sorted(words & DANGEROUS_GRANTS)
        if risky:
            found.append(finding(
                f"capability '{node.name}' requests the dangerous grant '{' '.join(risky)}'",
                filename, source, item.line, item.col, kind="SecurityWarning",
                hint="a capability block only requests; the user must grant it explicitly"))
    return found
