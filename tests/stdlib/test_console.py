"""The ML ``console`` module writes like ``print`` to the current execution's streams."""

from __future__ import annotations

import io

import pytest

import mlpy
from mlpy.runtime.context import ExecutionContext, use
from mlpy.stdlib.console_bridge import console
from mlpy.stdlib.decorators import module_info_of


def test_log_info_debug_go_to_the_context_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    out = io.StringIO()
    with use(ExecutionContext(stdout=out)):
        console.log("a", 1, True, None, [1, "b", None], {"k": 2.5})
        console.info("info")
        console.debug()
    assert out.getvalue() == 'a 1 true null [1, "b", null] {"k": 2.5}\ninfo\n\n'
    assert capsys.readouterr().out == ""


def test_error_and_warn_go_to_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    out = io.StringIO()
    with use(ExecutionContext(stdout=out)):
        console.error("bad", 1)
        console.warn("careful")
    assert out.getvalue() == ""
    assert capsys.readouterr().err == "bad 1\ncareful\n"


def test_capability_tags() -> None:
    info = module_info_of(console)
    assert info.capabilities == ("console.write", "console.error")
    assert {name: f.capabilities for name, f in info.functions.items()} == {
        "log": ("console.write",), "error": ("console.error",), "warn": ("console.error",),
        "info": ("console.write",), "debug": ("console.write",)}


def test_from_ml() -> None:
    out = io.StringIO()
    mlpy.run('import console;\nconsole.log("n =", 3, [true]);\nlog = console.log;\nlog("again");\n', stdout=out)
    assert out.getvalue() == "n = 3 [true]\nagain\n"
