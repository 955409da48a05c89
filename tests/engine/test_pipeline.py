"""The one pipeline: options built once, runs isolated from each other, host calls into ML."""

from __future__ import annotations

import io

import pytest

import mlpy
from mlpy.engine.options import RunOptions, build_options, options_from_cli
from mlpy.engine.pipeline import run_source
from mlpy.runtime.capabilities import Grants


def test_build_options_makes_grants_limits_and_absolute_paths(tmp_path):
    (tmp_path / "mods").mkdir()
    options = build_options("<string>", capabilities=["read:/data", "deny-net"], timeout=2,
                            max_steps=10, ml_module_paths=[str(tmp_path / "mods")], argv=["a"])
    assert isinstance(options, RunOptions)
    assert options.grants.describe() == Grants.from_strings(["read:/data", "deny-net"]).describe()
    assert (options.limits.timeout, options.limits.max_steps) == (2, 10)
    assert options.ml_module_paths == (str((tmp_path / "mods").resolve()),)
    assert options.argv == ("a",)
    with pytest.raises(AttributeError):
        options.debug = True  # type: ignore[misc]  # frozen


def test_bad_capability_and_limit_values_are_refused():
    with pytest.raises(mlpy.MLCapabilityError, match="invalid capability"):
        build_options(capabilities=["read:"])
    with pytest.raises(ValueError, match="max_steps must be a positive number"):
        build_options(max_steps=0)


def test_cli_flags_become_the_same_options():
    options = options_from_cli({"allow_read": "/data,/tmp", "deny_read": "/data/secret", "allow_all": False,
                                "timeout": 1.5, "max_recursion": 40, "extension_paths": (),
                                "ml_module_paths": ()}, "<string>", argv=["x"])
    assert options.grants.describe() == ["read:/data", "read:/tmp", "deny-read:/data/secret"]
    assert (options.limits.timeout, options.limits.max_recursion) == (1.5, 40)
    assert options.argv == ("x",)


def test_run_source_returns_the_globals_and_writes_to_the_options_stdout():
    out = io.StringIO()
    result = run_source('x = 6 * 7; print("hi");', "<string>", build_options(stdout=out))
    assert result.globals["x"] == 42
    assert out.getvalue() == "hi\n"


def test_uncompiled_cache_off_run_gives_the_same_result():
    out = io.StringIO()
    result = run_source("y = [1, 2] + [3];", "<string>", build_options(stdout=out, cache=False))
    assert result.globals["y"] == [1, 2, 3]


def test_a_host_call_during_another_limited_run_is_charged_to_its_own_scope(beside_a_busy_run):
    counter = mlpy.run("function count(n) { s = 0; for (i in range(n)) { s = s + i; } return s; }",
                       max_steps=10**9).globals["count"]
    results, _ = beside_a_busy_run(lambda: counter(5_000), 2_000_000)
    assert results == [sum(range(5_000))] * len(results)


def test_ml_errors_from_a_host_call_are_ml_errors_with_positions():
    fail = mlpy.run('function fail() { return [1][5]; }', filename="h.ml").globals["fail"]
    with pytest.raises(mlpy.MLRuntimeError) as info:
        fail()
    assert (info.value.filename, info.value.line, info.value.error_type) == ("h.ml", 1, "IndexError")
