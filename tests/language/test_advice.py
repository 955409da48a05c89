"""The advice of capability and limit errors, phrased for the front end that started the run."""

from __future__ import annotations

import pytest

from mlpy.language.advice import (
    current_front_end,
    denied_by,
    deny_rule,
    evaluation_timeout_advice,
    grant_advice,
    grant_spelling,
    limit_name,
    speaking_to,
)
from mlpy.runtime.limits import steps_message, timeout_message


@pytest.mark.parametrize(("front_end", "target", "expected"), [
    ("cli", "notes.txt", "Run with --allow-read=notes.txt to allow it."),
    ("cli", None, "Run with --allow-read to allow it."),
    ("api", "notes.txt", 'Pass capabilities=["read:notes.txt"] to allow it.'),
    ("api", None, 'Pass capabilities=["read"] to allow it.'),
    ("repl", "notes.txt", "Type .grant read:notes.txt to allow it."),
    ("repl", None, "Type .grant read to allow it."),
    ("dap", "notes.txt", 'Add "read:notes.txt" to "capabilities" in launch.json to allow it.'),
    ("dap", None, 'Add "read" to "capabilities" in launch.json to allow it.'),
])
def test_grant_advice_names_what_the_front_end_types(front_end: str, target: str | None,
                                                     expected: str) -> None:
    assert grant_advice("read", target, front_end) == expected


def test_grant_spelling_of_a_host_and_port() -> None:
    assert grant_spelling("net", "api.test:443", "cli") == "--allow-net=api.test:443"
    assert grant_spelling("net", "api.test:443", "api") == 'capabilities=["net:api.test:443"]'
    assert grant_spelling("net", "api.test:443", "repl") == ".grant net:api.test:443"
    assert grant_spelling("net", "api.test:443", "dap") == '"net:api.test:443" in "capabilities" in launch.json'


def test_a_deny_rule_is_named_as_each_front_end_sets_it() -> None:
    assert deny_rule("net", "api.test:443") == "deny-net:api.test:443" and deny_rule("env", None) == "deny-env"
    assert denied_by("deny-net:api.test:443", "cli") == "--deny-net=api.test:443"
    assert denied_by("deny-env", "cli") == "--deny-env"
    assert denied_by("deny-net:api.test:443", "api") == 'the rule "deny-net:api.test:443"'
    assert denied_by("deny-env", "repl") == "the rule deny-env (see .capabilities)"
    assert denied_by("deny-env", "dap") == 'the rule "deny-env" in "capabilities" in launch.json'


def test_limits_are_flags_except_for_an_embedding_host() -> None:
    assert limit_name("max_steps", "cli") == "--max-steps"
    assert limit_name("max_steps", "repl") == "--max-steps"  # the REPL's limits are mlpy repl's flags
    assert limit_name("max_steps", "api") == "max_steps="
    assert limit_name("timeout", "api") == "timeout="


def test_a_debug_session_is_told_the_launch_json_attribute_not_a_flag() -> None:
    assert limit_name("timeout", "dap") == '"timeout" in launch.json'
    assert limit_name("max_steps", "dap") == '"maxSteps" in launch.json'
    assert limit_name("max_output", "dap") == '"maxOutput" in launch.json'
    assert timeout_message(2, "dap") == 'time limit of 2.0 s exceeded ("timeout" in launch.json)'
    assert steps_message(100, "dap") == 'step limit of 100 exceeded ("maxSteps" in launch.json)'


def test_a_debug_session_is_told_when_launch_json_cannot_set_a_limit() -> None:
    """Memory has no launch.json attribute (the adapter refuses it, saying why)."""
    assert limit_name("max_memory", "dap") == "launch.json has no setting for this limit"
    assert limit_name("max_recursion", "dap") == '"maxRecursion" in launch.json'


def test_a_debugger_evaluation_names_its_own_bound_and_what_to_do() -> None:
    assert evaluation_timeout_advice(10.0) == ("each debugger evaluation stops after 10 s and no setting "
                                               "changes that; simplify the expression")
    assert evaluation_timeout_advice(0.25) == ("each debugger evaluation stops after 0.25 s and no setting "
                                               "changes that; simplify the expression")


def test_speaking_to_sets_the_front_end_for_its_block_only() -> None:
    assert current_front_end() == "cli"
    with speaking_to("api"):
        assert current_front_end() == "api"
        with speaking_to("repl"):
            assert current_front_end() == "repl"
        assert current_front_end() == "api"
    assert current_front_end() == "cli"
