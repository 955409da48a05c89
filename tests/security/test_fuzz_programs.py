"""Fuzzing the whole pipeline with random ML programs and random garbage text.

Every generated program runs under step, time and output limits. Whatever it does, it must either
finish or raise an ``mlpy.MLError`` subclass — never another Python exception — and its output must
never show a Python object (``<class``, ``<built-in``, `` object at 0x``, ``__builtins__``,
``<module '``). Random garbage handed to ``mlpy.compile`` raises only compile errors. Examples are
derandomized so CI is reproducible.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ml_program_strategy import PROLOGUE, garbage_text, ml_programs

import mlpy
from mlpy import settings as mlpy_settings
from mlpy.errors import MLCompileError, MLSyntaxError

LEAK_MARKERS = ["<class", "<built-in", "__builtins__", "<module '", "<bound method", "<code object",
                "<frame", "mappingproxy"]
ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")

FUZZ_SETTINGS = settings(max_examples=300, deadline=None, derandomize=True, database=None,
                         suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(autouse=True, scope="module")
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Compiled fuzz programs go to a throw-away cache, not the user's."""
    old = os.environ.get("MLPY_CACHE_DIR")
    os.environ["MLPY_CACHE_DIR"] = str(tmp_path_factory.mktemp("fuzz-cache"))
    mlpy_settings.reload()  # mlpy reads its settings once
    yield
    if old is None:
        os.environ.pop("MLPY_CACHE_DIR", None)
    else:
        os.environ["MLPY_CACHE_DIR"] = old
    mlpy_settings.reload()


def run_limited(source: str) -> tuple[str, BaseException | None]:
    """Run ``source`` with tight limits; return (output, the exception raised or None)."""
    out = io.StringIO()
    try:
        mlpy.run(source, stdout=out, stdin=io.StringIO(""), timeout=2, max_steps=20_000,
                 max_output=20_000, max_recursion=200)
    except Exception as exc:  # judged by the caller: only MLError subclasses are allowed
        return out.getvalue(), exc
    return out.getvalue(), None


def assert_no_leak(output: str, source: str) -> None:
    """No Python object repr in the program's output."""
    for marker in LEAK_MARKERS:
        assert marker not in output, f"{marker!r} printed by:\n{source}\n--- output:\n{output}"
    assert not ADDRESS.search(output), f"an object address printed by:\n{source}\n--- output:\n{output}"


def test_prologue_runs_cleanly() -> None:
    """The fixed prologue every fuzz program starts with is itself a valid program."""
    output, error = run_limited(PROLOGUE + "print(a, b, c, d.k, f(2), g(1, 2), n, typeof(s));")
    assert error is None, error
    assert output == "1 text [1, 2, 3] 1 2 [1, 2] null Pattern\n"


@FUZZ_SETTINGS
@given(ml_programs())
def test_random_programs_raise_only_ml_errors(source: str) -> None:
    """A random program finishes or raises an MLError, and never prints a Python object."""
    output, error = run_limited(source)
    assert not isinstance(error, MLSyntaxError), f"the grammar produced invalid ML:\n{error}\n{source}"
    if error is not None and not isinstance(error, mlpy.MLError):
        raise AssertionError(f"{type(error).__name__} escaped from:\n{source}") from error
    if error is not None:
        assert isinstance(str(error), str) and str(error), source  # formatting works too
        assert_no_leak(str(error).split("\n", 1)[0], source)
    assert_no_leak(output, source)


@settings(max_examples=300, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(garbage_text)
def test_garbage_compiles_or_raises_compile_errors(text: str) -> None:
    """``mlpy.compile`` on random text raises only MLSyntaxError/MLCompileError (or succeeds)."""
    try:
        mlpy.compile(text)
    except MLCompileError as exc:
        assert exc.line is None or exc.line >= 1
        assert exc.format().startswith("<string>")
    except Exception as exc:
        raise AssertionError(f"{type(exc).__name__} from compiling {text!r}") from exc


FORMAT_TEMPLATES = ['"%r"', '"%s"', '"%a"', '"%(k)s"', '"%(k)r"', '"{0.__class__}"', '"{}"', '">10"', '"!r"']
OPAQUE_VALUES = ["print", "len", "math", "math.sqrt", "regex.compile(\"a\")", "datetime.now()", "iter([1])",
                 "fn(x) => x", "functional.memoize(len)", "builtin", "[print]", "{k: print}", "{k: math}"]


@settings(max_examples=120, deadline=None, derandomize=True, database=None)
@given(st.sampled_from(FORMAT_TEMPLATES), st.sampled_from(OPAQUE_VALUES),
       st.sampled_from(["{t} % ({v})", "format({v}, {t})", "str({v})", "repr({v})", "{t} + ({v})"]))
def test_formatting_opaque_values_never_shows_python_objects(template: str, value: str, shape: str) -> None:
    """Every formatting route (printf %, format(), str(), repr(), concatenation) of functions,
    modules and instances shows ML notation or fails with an ML error."""
    expression = shape.format(t=template, v=value)
    source = PROLOGUE + f"print({expression});\n"
    output, error = run_limited(source)
    if error is not None and not isinstance(error, mlpy.MLError):
        raise AssertionError(f"{type(error).__name__} escaped from: {expression}") from error
    assert_no_leak(output, expression)
