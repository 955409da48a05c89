"""The execution context: a default one, ``use()`` nesting, and isolation between threads."""

from __future__ import annotations

import io
import threading

import pytest

from mlpy.runtime.context import ExecutionContext, current, use


def test_default_context_follows_sys_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    current().stdout.write("to stdout\n")
    assert capsys.readouterr().out == "to stdout\n"
    assert isinstance(current(), ExecutionContext)


def test_use_nests_and_restores() -> None:
    outer, inner = ExecutionContext(argv=["a"]), ExecutionContext(argv=["b"])
    before = current()
    with use(outer):
        assert current() is outer
        with use(inner):
            assert current() is inner
        assert current() is outer
    assert current() is before


def test_use_restores_after_an_error() -> None:
    before = current()
    with pytest.raises(RuntimeError), use(ExecutionContext()):
        raise RuntimeError("x")
    assert current() is before


def test_threads_do_not_share_the_active_context() -> None:
    seen: list[object] = []
    ctx = ExecutionContext(stdout=io.StringIO())

    def worker() -> None:
        seen.append(current())

    with use(ctx):
        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()
    assert seen and seen[0] is not ctx


def test_fields() -> None:
    ctx = ExecutionContext(
        extension_paths=["/e"], ml_module_paths=["/m"], main_dir="/d", argv=["x"], sources={"f.ml": "s"}
    )
    assert (ctx.extension_paths, ctx.ml_module_paths, ctx.main_dir, ctx.argv, ctx.sources) == (
        ["/e"], ["/m"], "/d", ["x"], {"f.ml": "s"})
    assert ExecutionContext().extension_paths is not ExecutionContext().extension_paths
