"""Python's own syntax warnings about the lowered code ("'int' object is not callable; perhaps you
missed a comma?") never reach the user: ML reports such mistakes at run time, in ML terms. They are
dropped only while a compile runs, only in the compiling thread, whatever filters the host set."""

from __future__ import annotations

import threading
import warnings

import pytest

from mlpy import errors, run
from mlpy.compiler.program import compile_source

WARNS_IN_PYTHON = ["x = 1(2);", 'x = "a"(1);', "x = 1[0];", 'x = [1, 2]["a"];', "x = null[0];"]
"""Programs whose lowered Python makes ``compile()`` warn (calls and subscripts of literals)."""


@pytest.mark.parametrize("source", WARNS_IN_PYTHON)
def test_python_syntax_warnings_are_not_shown(source: str) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        compile_source(source)
    assert caught == []


@pytest.mark.parametrize("source", WARNS_IN_PYTHON)
def test_an_error_filter_does_not_turn_them_into_syntax_errors(source: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # what `python -W error` does
        compile_source(source)
        with pytest.raises(errors.MLError):  # the mistake is reported when it runs
            run(source)


def test_warnings_outside_a_compile_are_still_shown() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        compile_source("x = 1(2);")
        warnings.warn_explicit("a host's own warning", SyntaxWarning, "host.py", 3)
    assert [(w.category, str(w.message), w.lineno) for w in caught] == [
        (SyntaxWarning, "a host's own warning", 3)]


def test_compiles_in_many_threads_leave_the_host_filters_alone() -> None:
    failures: list[BaseException] = []

    def compile_many() -> None:
        try:
            for i in range(50):
                compile_source(f"x = 1({i});")
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            failures.append(exc)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        threads = [threading.Thread(target=compile_many) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        warnings.warn_explicit("after the compiles", SyntaxWarning, "host.py", 7)
    assert failures == []
    assert [str(w.message) for w in caught] == ["after the compiles"]
