"""The compile deadline: each phase stops with a positioned ``MLTimeoutError`` once it has passed."""

from __future__ import annotations

import time

import pytest

from mlpy.compiler import CompileOptions
from mlpy.compiler.options import COMPILE_SHARE, compile_deadline
from mlpy.compiler.program import compile_program, compile_source
from mlpy.errors import MLTimeoutError
from mlpy.language import parse, tokenize
from mlpy.language.deadline import COMPILE_TIMEOUT_MESSAGE

SOURCE = "x = 1;\ny = [x, 2, 3];\nfunction f(a) { return a + x; }\n"
PAST = 0.0  # a time.monotonic() value long gone


def test_lexer_stops_at_the_first_check_past_the_deadline() -> None:
    with pytest.raises(MLTimeoutError) as caught:
        tokenize(SOURCE, "big.ml", deadline=PAST)
    error = caught.value
    assert (error.message, error.filename, error.line, error.column) == (COMPILE_TIMEOUT_MESSAGE, "big.ml", 1, 3)
    assert error.hint is not None and "time limit" in error.hint


def test_parser_checks_per_statement() -> None:
    tokens = tokenize(SOURCE, "big.ml")[0]
    from mlpy.language.parser import Parser

    with pytest.raises(MLTimeoutError) as caught:
        Parser(SOURCE, "big.ml", tokens, deadline=PAST).parse_program()
    assert (caught.value.line, caught.value.column) == (1, 1)


def test_resolver_and_lowering_check_per_statement() -> None:
    program = parse(SOURCE, "big.ml")
    with pytest.raises(MLTimeoutError) as caught:
        compile_program(program, SOURCE, "big.ml", CompileOptions(deadline=PAST))
    assert caught.value.message == COMPILE_TIMEOUT_MESSAGE
    assert (caught.value.line, caught.value.column) == (1, 1)


def test_a_future_deadline_changes_nothing() -> None:
    timed = compile_source(SOURCE, "big.ml", CompileOptions(deadline=time.monotonic() + 60))
    plain = compile_source(SOURCE, "big.ml")
    assert timed.top_level_names == plain.top_level_names == ["x", "y", "f"]
    assert timed.code.co_names == plain.code.co_names


def test_the_deadline_is_not_part_of_the_cache_key() -> None:
    assert CompileOptions(deadline=1.0).cache_key_parts() == CompileOptions().cache_key_parts()
    assert CompileOptions(deadline=1.0) == CompileOptions()


def test_compile_deadline_leaves_part_of_the_limit_for_what_cannot_be_interrupted() -> None:
    assert compile_deadline(100.0, None) is None
    assert compile_deadline(100.0, 2.0) == pytest.approx(100.0 + 2.0 * COMPILE_SHARE)
    assert 0 < COMPILE_SHARE < 1
