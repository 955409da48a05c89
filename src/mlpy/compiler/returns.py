"""Which top-level functions never return a string or array: their results need no size check.

Under limits every ``+`` whose operands' kinds are unknown checks the size of its result, because
strings and arrays may double (``x = x + x``). A ``+`` of two values that are certainly *not*
strings or arrays cannot build one (``kinds.never_sequence``), and the check goes. This module finds
the functions whose calls give such values, e.g. ``fib``::

    function fib(n) { if (n < 2) { return n; } return fib(n - 1) + fib(n - 2); }

A function qualifies when

* it is declared at the top level, its name is bound nowhere else (no assignment, import, loop,
  ``except`` name, augmented assignment or second declaration, and no function rebinds it through
  ``nonlocal``), and the program is not a REPL entry (a later entry may rebind any name). Other
  modules cannot rebind it (a module's members are read-only), so every call by that name runs
  this function;
* every ``return`` in its own body (not in nested functions) gives such a value, where a call of a
  qualifying function counts as one (a greatest fixpoint: by induction on the depth of calls, a call
  that returns, returns such a value), and so does a parameter that is never rebound and that the
  function's first statement compares with a number (``if (n < 2)``): that comparison raises for a
  string or array before anything else runs. Falling off the end gives ``null``.

The facts are stored on the name reads (``Name.returns_no_sequence``) for the lowering.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from mlpy.compiler import kinds
from mlpy.language import nodes

_ORDER_OPS = frozenset({"<", ">", "<=", ">="})

Rebound = Callable[[str], bool]
"""Whether a function's parameter is bound again in its body (or by a nested function)."""


def mark_functions(functions: Iterable[tuple[nodes.FunctionDef, Rebound]],
                   reads: Mapping[str, list[nodes.Name]], bindings: Mapping[str, Sequence[object]],
                   rebound_elsewhere: Callable[[str], bool]) -> None:
    """Set ``returns_no_sequence`` on the ``reads`` (top-level name reads by name) of each qualifying
    function among ``functions`` (top-level declarations, each with its parameters' rebinding
    test); ``bindings`` are the program scope's, ``rebound_elsewhere`` tells the names bound from
    elsewhere (a nested function's ``nonlocal``, an augmented assignment, the REPL session).

    A function whose name is never read is skipped: nothing can call it, so whether it qualifies
    changes no read and no other function's verdict."""
    candidates: dict[str, tuple[list[nodes.Return], frozenset[str]]] = {}
    for fn, rebound in functions:
        name = fn.name
        if name not in reads:
            continue
        bound = bindings.get(name, ())
        if len(bound) != 1 or bound[0] is not fn or rebound_elsewhere(name):
            continue
        returns: list[nodes.Return] = []
        if not _collect_returns(fn.body, returns):
            continue
        candidates[name] = (returns, _compared_params(fn, rebound))
    if not candidates:
        return
    for name in candidates:  # optimistic start: every candidate qualifies
        for read in reads[name]:
            read.returns_no_sequence = True
    # A candidate is checked once, then again only when a candidate it calls has been dropped
    # (sweeping all of them until nothing changes took a sweep per dropped function: quadratic in
    # the number of functions, a chain of 4,000 one-line functions 1.4 s).
    callers: dict[str, list[str]] = {}
    for name, (returns, _safe) in candidates.items():
        for callee in _calls_asked(returns, candidates):
            callers.setdefault(callee, []).append(name)
    never_sequence = kinds.never_sequence
    pending = list(reversed(candidates))  # (popped in source order)
    while pending:
        name = pending.pop()
        if name not in candidates:
            continue
        returns, safe = candidates[name]
        if all(r.value is None or never_sequence(r.value, safe) for r in returns):
            continue
        del candidates[name]
        for read in reads[name]:
            read.returns_no_sequence = False
        pending.extend(callers.get(name, ()))


def _calls_asked(returns: list[nodes.Return], candidates: Mapping[str, object]) -> set[str]:
    """The candidates whose calls ``kinds.never_sequence`` may look at in the values of ``returns``:
    those under the operands it follows (``+``, ``*``, ``%``, ``&&``, ``||``, ``?:``; a comparison or
    ``-`` answers without its operands, a concatenation fails at once)."""
    found: set[str] = set()
    pending: list[nodes.Expr] = [r.value for r in returns if r.value is not None]
    while pending:
        node = pending.pop()
        kind = type(node)
        if kind is nodes.Binary:
            if node.op not in kinds.NO_SEQUENCE_OPS and not node.concat:  # type: ignore[attr-defined]
                pending.append(node.left)  # type: ignore[attr-defined]
                pending.append(node.right)  # type: ignore[attr-defined]
        elif kind is nodes.Logical:
            pending.append(node.left)  # type: ignore[attr-defined]
            pending.append(node.right)  # type: ignore[attr-defined]
        elif kind is nodes.Ternary:
            pending.append(node.then)  # type: ignore[attr-defined]
            pending.append(node.otherwise)  # type: ignore[attr-defined]
        elif kind is nodes.Call:
            func = node.func  # type: ignore[attr-defined]
            if type(func) is nodes.Name and func.id in candidates:
                found.add(func.id)
    return found


def _collect_returns(body: list[nodes.Stmt], out: list[nodes.Return]) -> bool:
    """Append the ``return`` statements of ``body`` (not of nested functions) to ``out``; False when
    a statement kind this walk does not know holds a body (then nothing is claimed)."""
    for stmt in body:
        kind = type(stmt)
        if kind is nodes.Return:
            out.append(stmt)  # type: ignore[arg-type]
        elif kind is nodes.If:
            for branch in stmt.branches:  # type: ignore[attr-defined]
                if not _collect_returns(branch.body, out):
                    return False
            if stmt.orelse and not _collect_returns(stmt.orelse, out):  # type: ignore[attr-defined]
                return False
        elif kind is nodes.While or kind is nodes.For:
            if not _collect_returns(stmt.body, out):  # type: ignore[attr-defined]
                return False
        elif kind is nodes.Try:
            parts = [stmt.body, *(h.body for h in stmt.handlers), stmt.finalbody or []]  # type: ignore[attr-defined]
            if not all(_collect_returns(part, out) for part in parts):
                return False
        elif kind is not nodes.FunctionDef and hasattr(stmt, "body"):
            return False
    return True


_NONE: frozenset[str] = frozenset()
"""No parameter (one shared empty set)."""


def _compared_params(fn: nodes.FunctionDef, rebound: Rebound) -> frozenset[str]:
    """Parameters never rebound that the first statement to run compares with a number literal
    (nested declarations run nothing: they are hoisted and only bind their names)."""
    for stmt in fn.body:
        if type(stmt) is nodes.FunctionDef:
            continue
        if type(stmt) is not nodes.If:
            break
        cond = stmt.branches[0].cond
        if type(cond) is not nodes.Binary or cond.op not in _ORDER_OPS:
            break
        sides = (cond.left, cond.right)
        if type(cond.left) is not nodes.Number and type(cond.right) is not nodes.Number:
            break
        params = {p.name for p in fn.params}
        return frozenset(side.id for side in sides if type(side) is nodes.Name and side.id in params
                         and not rebound(side.id))
    return _NONE


__all__ = ["mark_functions"]
