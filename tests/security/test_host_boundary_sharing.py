"""Host values that share their parts, crossing into a run: copied once per distinct list or dict.

Before: ``values.to_ml`` copied a value item by item, so a result an earlier (untrusted) run built
in microseconds with ``a = [a, a];`` thirty times -- 2**31 items expanded -- froze the host and took
its memory when passed as an input or call argument, before any limit of the run applied; a
``SandboxPool`` job then wrote it out as JSON just as long.
"""

from __future__ import annotations

import pytest

import mlpy
from mlpy.engine.pool import SandboxPool
from mlpy.engine.values import to_ml

DOUBLING = "a = [1]; for (i in range(30)) { a = [a, a]; } function size(x) { return len(x); }"


@pytest.fixture(scope="module")
def exploding() -> mlpy.RunResult:
    """A finished run whose global ``a`` expands to 2**31 items."""
    return mlpy.run(DOUBLING, timeout=5)


def test_an_earlier_runs_shared_value_is_a_cheap_input(exploding: mlpy.RunResult) -> None:
    result = mlpy.run("n = len(data); same = data[0] == data[1];", inputs={"data": exploding.globals["a"]},
                      timeout=5)
    assert result.globals["n"] == 2
    assert result.globals["same"] is True


def test_it_is_a_cheap_call_argument_too(exploding: mlpy.RunResult) -> None:
    assert exploding.call("size", exploding.globals["a"], timeout=5) == 2


def test_the_copy_keeps_the_sharing_and_leaves_the_host_value_alone() -> None:
    shared = [1, 2]
    data = {"x": [shared, shared], "y": (shared,)}
    copy = to_ml(data, "inputs['data']")
    assert copy == {"x": [[1, 2], [1, 2]], "y": [[1, 2]]}
    assert copy["x"][0] is copy["x"][1] is copy["y"][0]
    assert copy["x"][0] is not shared


def test_a_cycle_is_still_refused() -> None:
    loop: list[object] = [1]
    loop.append(loop)
    with pytest.raises(TypeError, match="nested more than 100 levels deep"):
        to_ml({"loop": loop}, "inputs['data']")


def test_a_sandboxed_run_refuses_it_by_name_instead_of_writing_it_out(exploding: mlpy.RunResult) -> None:
    with SandboxPool(workers=1) as pool:
        with pytest.raises(ValueError, match=r"inputs\['data'\]: too large to send to a sandboxed run"):
            pool.submit("y = data;", inputs={"data": exploding.globals["a"]}, timeout=5)
        small = [[1, 2]] * 3
        assert pool.run("n = len(data);", inputs={"data": small}, timeout=5).globals["n"] == 3


class _Fresh(dict):  # type: ignore[type-arg]
    """A host mapping that makes a new list for every value each time it is read."""

    def items(self):  # type: ignore[override]
        return [(key, [key]) for key in dict.keys(self)]


def test_temporaries_of_a_host_subclass_are_never_taken_for_one_another() -> None:
    copy = to_ml({"outer": [_Fresh(a=0, b=0, c=0), _Fresh(d=0, e=0)]}, "inputs['data']")
    assert copy == {"outer": [{"a": ["a"], "b": ["b"], "c": ["c"]}, {"d": ["d"], "e": ["e"]}]}
