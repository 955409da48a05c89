"""Fixtures of the debug adapter tests: a program file to debug and a live ``mlpy dap`` client."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from dap_client import DapClient

PROGRAM = """\
// a program to debug
function add(a, b) {
    c = a + b;
    return c;
}

function total(items) {
    sum = 0;
    for (item in items) {
        sum = add(sum, item);
    }
    return sum;
}

data = [1, [2, 3], {name: "ml", tags: ["x"]}];
class = "kw";
result = total([1, 2, 3, 4]);
print("result " + str(result));
"""
"""Lines: 3 and 4 in add, 8-12 in total, 15-18 at the top level (a comment on line 1)."""


@pytest.fixture
def write_program(tmp_path: Path) -> Callable[..., str]:
    """``write_program(text=PROGRAM, name="prog.ml") -> absolute path`` of a program file."""

    def write(text: str = PROGRAM, name: str = "prog.ml") -> str:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write


@pytest.fixture
def dap(tmp_path: Path) -> Iterator[DapClient]:
    """A started ``python -m mlpy dap`` process (killed after the test if it is still running)."""
    client = DapClient(str(tmp_path))
    yield client
    if client.process.poll() is None:
        client.process.kill()
        client.process.wait()
