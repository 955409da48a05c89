"""The REPL's conveniences open no route to Python.

Late binding lets a function read a name that no entry has defined yet: the name is looked up when
the function runs, in the session's variables and then the ML builtins (generated code never sees
Python's builtins). So whatever Python name a function reads, it gets an ML ``NameError`` (or a
compile error for the names ML forbids outright), never a Python object. Completion peeks at
members without running code, and ``_`` holds only what an entry returned.
"""

from __future__ import annotations

import pytest

from mlpy.cli.repl import MLREPLSession
from mlpy.cli.repl.completion import complete

PYTHON_NAMES = ["open", "eval", "exec", "compile", "globals", "locals", "vars", "dir", "type", "object",
                "setattr", "delattr", "super", "memoryview", "breakpoint", "exit", "quit", "id", "hash",
                "classmethod", "staticmethod", "property", "BaseException", "Exception", "os", "sys",
                "builtins", "self", "cls", "print_function", "ml_member", "Ellipsis", "NotImplemented"]


@pytest.mark.parametrize("name", PYTHON_NAMES)
def test_a_late_bound_name_never_reaches_python(session: MLREPLSession, name: str) -> None:
    defined = session.execute(f"function probe() {{ return {name}; }}")
    if defined.error is not None:  # names ML forbids outright are refused at once
        assert f"NameError: Unknown identifier '{name}'" in defined.error.splitlines()[0]
        return
    called = session.execute("probe()")
    assert called.echo is None and called.error is not None
    assert called.error.splitlines()[0].endswith(f"NameError: '{name}' is not defined (no entry has defined it yet)")


def test_dunder_names_stay_refused_inside_functions(session: MLREPLSession) -> None:
    for name in ("__import__", "__builtins__", "__ml_member", "__class__"):
        result = session.execute(f"function probe() {{ return {name}; }}")
        assert result.error is not None
        first = result.error.splitlines()[0]
        assert "SyntaxError: identifiers" in first and "'__'" in first, first


def test_completion_offers_no_python_internals(session: MLREPLSession) -> None:
    session.execute('f = fn(x) => x; s = "text"; o = {k: 1};')
    assert complete(session, "f.") == []
    assert complete(session, "f.__") == []
    assert complete(session, "s.__") == []
    assert complete(session, "o.__") == []
    assert complete(session, "__bu") == []
    assert "__builtins__" not in complete(session, "_")
