"""The two levels of development mode: what ``.devmode WORD`` and ``MLPY_DEV_MODE`` ask for.

Timings are the default level; allocation tracing (tracemalloc) only when asked for by name.
"""

from __future__ import annotations

import pytest

from mlpy.devmode.modes import DevModeRequest, parse_command, parse_env


@pytest.mark.parametrize("word, off_now, on_now", [
    ("", (True, False), (False, False)),
    ("  ", (True, False), (False, False)),
    ("timings", (True, False), (True, False)),
    ("TIMINGS", (True, False), (True, False)),
    ("on", (True, False), (True, False)),
    ("trace", (True, True), (True, True)),
    ("memory", (True, True), (True, True)),
    ("full", (True, True), (True, True)),
    ("off", (False, False), (False, False)),
])
def test_command_words(word: str, off_now: tuple[bool, bool], on_now: tuple[bool, bool]) -> None:
    request = parse_command(word)
    assert request is not None
    assert request.resolve(currently_on=False) == off_now
    assert request.resolve(currently_on=True) == on_now


def test_unknown_command_word_is_refused() -> None:
    assert parse_command("fast") is None


@pytest.mark.parametrize("value, expected", [
    ("1", DevModeRequest("timings")), ("true", DevModeRequest("timings")), ("YES", DevModeRequest("timings")),
    (" timings ", DevModeRequest("timings")), ("trace", DevModeRequest("trace")),
    ("memory", DevModeRequest("trace")), ("0", None), ("", None), (None, None), ("no", None),
])
def test_environment_values(value: str | None, expected: DevModeRequest | None) -> None:
    assert parse_env(value) == expected
