"""Fixtures of the tools tests: the ``mlpy`` command run in-process.

``mlpy(*args, cwd=..., stdin=None) -> Result`` invokes the real click group (exit code, stdout and
stderr kept apart), with the working directory set to ``cwd`` for the call.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from mlpy.cli.app import cli


@pytest.fixture
def mlpy() -> Callable[..., Result]:
    def invoke(*args: str, cwd: Path, stdin: str | None = None) -> Result:
        runner = CliRunner()
        previous = os.getcwd()
        os.chdir(cwd)
        try:
            return runner.invoke(cli, list(args), input=stdin, catch_exceptions=False)
        finally:
            os.chdir(previous)

    return invoke
