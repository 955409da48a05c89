"""Per-run random generators, regex deadlines from the step budget, and limit errors that stay
limit errors (each with the exact error a program sees)."""

from __future__ import annotations

import io
import random
import time

import pytest

import mlpy
from mlpy.errors import MLLimitError


def _run(source: str, **options: object) -> str:
    out = io.StringIO()
    mlpy.run(source, stdout=out, **options)
    return out.getvalue()


def test_math_random_does_not_touch_the_hosts_random_stream() -> None:
    random.seed(1234)
    expected = [random.random() for _ in range(3)]
    random.seed(1234)
    _run("import math;\nfor (i in range(100)) { x = math.random(); }\n")
    assert [random.random() for _ in range(3)] == expected


def test_math_random_cannot_observe_the_hosts_seed() -> None:
    random.seed(99)
    host_next = random.random()
    random.seed(99)
    shown = _run("import math;\nprint(math.random());\n").strip()
    assert float(shown) != host_next


def test_math_random_follows_the_runs_own_seed() -> None:
    text = _run("import math; import random;\nrandom.setSeed(7); a = math.random();\n"
                "random.setSeed(7); b = math.random();\nprint(a == b);\n")
    assert text == "true\n"


def test_a_seed_set_by_one_run_does_not_reach_the_next() -> None:
    first = _run("import random;\nrandom.setSeed(5);\nprint(random.random());\n")
    second = _run("import random;\nprint(random.getSeed() == 5);\n")
    assert first and second == "false\n"


def test_catastrophic_regex_with_only_a_step_limit_ends_with_the_step_limit() -> None:
    started = time.monotonic()
    with pytest.raises(MLLimitError) as caught:
        _run('import regex;\nprint(regex.test("(a|aa)+$", "a" * 60 + "b"));\n', max_steps=100_000)
    assert time.monotonic() - started < 5
    assert caught.value.message == ("step limit of 100000 exceeded (max_steps=): the regular "
                                    "expression ran longer than the remaining steps allow")
    assert caught.value.line == 2


@pytest.mark.parametrize("options", [{"timeout": 1}, {"max_steps": 100_000}])
def test_recursion_inside_finally_is_reported_as_a_limit(options: dict) -> None:
    source = "function f(n) {\n  try { f(n + 1); } except (e) { f(n + 1); } finally { f(n + 1); }\n}\nf(0);\n"
    with pytest.raises(MLLimitError) as caught:
        _run(source, **options)
    assert caught.value.message == ("the program kept recursing at the interpreter's recursion limit "
                                    "inside except/finally blocks, where its steps can no longer be counted")
    assert "IndexError" not in str(caught.value)


def test_an_ordinary_index_error_is_still_catchable() -> None:
    assert _run("x = [];\ntry { x.pop(); } except (e) { print(e.type); }\n", timeout=1) == "IndexError\n"
