"""Tests of the ML ``env`` module: every access checked against the env grant."""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from mlpy.errors import MLCapabilityError
from mlpy.runtime.capabilities import Grants
from mlpy.runtime.context import ExecutionContext, use
from mlpy.stdlib.env_bridge import env


@contextmanager
def granted(*capabilities: str):
    """Run the block with exactly these grants active."""
    with use(ExecutionContext(grants=Grants.from_strings(list(capabilities)))):
        yield


@pytest.fixture
def variables(monkeypatch):
    monkeypatch.setenv("MLPY_T_STR", "hello")
    monkeypatch.setenv("MLPY_T_INT", " 42 ")
    monkeypatch.setenv("MLPY_T_BOOL", "Yes")
    monkeypatch.setenv("MLPY_T_FLOAT", "2.5")
    monkeypatch.setenv("MLPY_T_BAD", "abc")
    monkeypatch.delenv("MLPY_T_MISSING", raising=False)
    monkeypatch.delenv("MLPY_T_NEW", raising=False)


def test_reading_with_grant(variables):
    with granted("env"):
        assert env.get("MLPY_T_STR") == "hello"
        assert env.get("MLPY_T_MISSING") is None and env.get("MLPY_T_MISSING", "d") == "d"
        assert env.require("MLPY_T_STR") == "hello"
        assert env.has("MLPY_T_STR") and not env.has("MLPY_T_MISSING")
        assert env.get_int("MLPY_T_INT") == 42 and env.get_int("MLPY_T_MISSING", 7) == 7
        assert env.get_bool("MLPY_T_BOOL") is True and env.get_bool("MLPY_T_MISSING", True) is True
        assert env.get_float("MLPY_T_FLOAT") == 2.5 and env.get_float("MLPY_T_MISSING") == 0.0
        assert env.all()["MLPY_T_STR"] == "hello"


def test_writing_with_grant(variables):
    import os

    with granted("env"):
        env.set("MLPY_T_NEW", "v")
        assert env.get("MLPY_T_NEW") == "v" and env.all()["MLPY_T_NEW"] == "v"
        assert "MLPY_T_NEW" not in os.environ  # the run's own view, never the host's environment
        env.set("MLPY_T_NEW", 3)
        assert env.get("MLPY_T_NEW") == "3"
        env.delete("MLPY_T_NEW")
        assert not env.has("MLPY_T_NEW")
        env.delete("MLPY_T_NEW")  # deleting a missing variable is fine
        env.delete("MLPY_T_STR")
        assert env.get("MLPY_T_STR") is None and "MLPY_T_STR" not in env.all()
        assert os.environ["MLPY_T_STR"] == "hello"
    with granted("env"):  # another run sees none of that
        assert env.get("MLPY_T_STR") == "hello" and env.get("MLPY_T_NEW") is None


def test_bad_values(variables):
    with granted("env"):
        with pytest.raises(ValueError, match=r"^env\.require: environment variable 'MLPY_T_MISSING' is not set$"):
            env.require("MLPY_T_MISSING")
        with pytest.raises(ValueError, match=r"^env\.get_int: 'MLPY_T_BAD' is not an integer: 'abc'$"):
            env.get_int("MLPY_T_BAD")
        with pytest.raises(ValueError, match=r"^env\.get_bool: 'MLPY_T_BAD' is not a boolean: 'abc'$"):
            env.get_bool("MLPY_T_BAD")
        with pytest.raises(ValueError, match=r"^env\.get_float: 'MLPY_T_BAD' is not a number: 'abc'$"):
            env.get_float("MLPY_T_BAD")
        with pytest.raises(ValueError, match=r"^env\.get: invalid environment variable name 'A=B'$"):
            env.get("A=B")
        with pytest.raises(TypeError, match=r"^env\.set: expected a string as 'value', got array$"):
            env.set("MLPY_T_NEW", [1])


def test_without_grant_every_function_is_refused(variables):
    import os

    with granted():
        for call in (env.get, env.require, env.has, env.get_int, env.get_bool, env.get_float, env.delete,
                     lambda k: env.set(k, "x")):
            with pytest.raises(MLCapabilityError) as info:
                call("MLPY_T_STR")
            assert "MLPY_T_STR" in info.value.message and "--allow-env=MLPY_T_STR" in info.value.message
        assert env.all() == {}
    assert os.environ["MLPY_T_STR"] == "hello"


def test_grant_limited_to_one_variable(variables):
    with granted("env:MLPY_T_STR"):
        assert env.get("MLPY_T_STR") == "hello"
        assert env.all() == {"MLPY_T_STR": "hello"}
        with pytest.raises(MLCapabilityError, match="no env grant covers it"):
            env.get("MLPY_T_INT")
    with granted("env", "deny-env:MLPY_T_STR"):
        with pytest.raises(MLCapabilityError, match="denied by --deny-env=MLPY_T_STR"):
            env.get("MLPY_T_STR")
        assert "MLPY_T_STR" not in env.all() and env.all()["MLPY_T_INT"] == " 42 "
