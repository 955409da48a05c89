"""``mlpy.run``'s keyword options: spelling one at its default is the same as leaving it out, and
every other value -- a falsy one too -- reaches the run."""

from __future__ import annotations

import io
import threading

import pytest

import mlpy
from mlpy.engine.program_cache import PROGRAMS

SOURCE = 'line = input(); total = 0;\nfor (i in range(4)) { total = total + i; }\nprint(line, total);'


def test_options_spelled_at_their_defaults_change_nothing():
    plain = mlpy.run(SOURCE, capture_output=True)
    spelled = mlpy.run(
        SOURCE, filename="<string>", capabilities=None, timeout=None, max_steps=None, max_memory=None,
        max_output=None, max_recursion=None, extension_paths=None, ml_module_paths=None, argv=None,
        inputs=None, stdout=None, stderr=None, stdin=None, capture_output=True, project_file=False,
        cache=True, sandbox=False, enforce_requests=True)
    assert plain.output == spelled.output == "null 6\n"
    assert plain.globals == spelled.globals
    assert plain.stats.steps is None and spelled.stats.steps is None


def test_a_falsy_value_other_than_the_default_is_passed_on():
    source = "falsy_cache_value = 1;"
    hits = PROGRAMS.hits
    for _ in range(2):
        assert mlpy.run(source, cache=0).globals["falsy_cache_value"] == 1  # type: ignore[arg-type]
    assert PROGRAMS.hits == hits  # cache=0 compiled afresh both times, like cache=False


def test_given_options_reach_the_run():
    out = io.StringIO()
    result = mlpy.run(SOURCE, stdin=io.StringIO("hello\n"), stdout=out, max_steps=10_000, argv=["a"])
    assert out.getvalue() == "hello 6\n"
    assert result.stats.steps is not None and result.stats.steps > 0
    with pytest.raises(mlpy.MLLimitError, match="step limit of 3 exceeded"):
        mlpy.run("while (true) { x = 1; }", max_steps=3)


def test_bad_values_are_refused_on_every_call():
    for _ in range(2):
        with pytest.raises(ValueError, match="timeout must be a positive number"):
            mlpy.run("x = 1;", timeout=-1)
        with pytest.raises(ValueError, match="sandbox=True"):
            mlpy.run("x = 1;", max_memory=10)


def test_concurrent_runs_keep_their_own_output_and_globals():
    failures: list[str] = []

    def work(index: int) -> None:
        for round_ in range(20):
            value = index * 1000 + round_
            source = f"mine = {value};\nprint(mine);"
            result = mlpy.run(source, capture_output=True, timeout=30 if round_ % 2 else None)
            if result.output != f"{value}\n" or result.globals["mine"] != value:
                failures.append(f"thread {index}, round {round_}: {result.output!r}")

    threads = [threading.Thread(target=work, args=(index,)) for index in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
