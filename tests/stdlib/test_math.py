"""The ML ``math`` module: results, integer-ness, rounding, errors naming the function, metadata."""

from __future__ import annotations

import io
import math as pymath

import pytest

import mlpy
from mlpy.stdlib.decorators import function_info_of, module_info_of
from mlpy.stdlib.math_bridge import math


def test_constants_and_metadata() -> None:
    assert (math.pi, math.e) == (pymath.pi, pymath.e)
    info = module_info_of(math)
    assert info.name == "math" and info.capabilities == ("math.compute",) and info.constants == ("pi", "e")
    expected = ("sqrt abs sin cos tan ln log exp pow floor ceil round min max random degToRad radToDeg "
                "radians degrees sign asin acos atan atan2 factorial gcd lcm").split()
    assert sorted(info.functions) == sorted(expected)
    assert function_info_of(math.sqrt).declared_capabilities(info) == ("math.compute",)


def test_integer_results() -> None:
    assert math.abs(-5) == 5 and isinstance(math.abs(-5), int)
    assert math.abs(-2.5) == 2.5
    assert (math.floor(2.7), math.floor(-2.1), math.ceil(2.1), math.ceil(-2.7)) == (2, -3, 3, -2)
    assert all(isinstance(v, int) for v in (math.floor(2.7), math.ceil(2.1), math.round(2.5)))
    assert (math.min(3, 1), math.max(3, 7.5)) == (1, 7.5)
    assert (math.sign(-3), math.sign(0), math.sign(0.5)) == (-1, 0, 1)
    assert (math.factorial(5), math.gcd(12, 18), math.lcm(4, 6)) == (120, 6, 12)


def test_round_halves_away_from_zero() -> None:
    assert [math.round(x) for x in (0.5, 1.5, 2.5, -0.5, -2.5, 2.4999, 0.49999999999999994, 7)] == \
        [1, 2, 3, -1, -3, 2, 0, 7]


def test_float_functions() -> None:
    assert math.sqrt(16) == 4.0 and isinstance(math.sqrt(16), float)
    assert math.pow(2, 10) == 1024.0
    assert math.log(1000) == pytest.approx(3.0)
    assert math.log(8, 2) == pytest.approx(3.0)
    assert math.ln(pymath.e) == pytest.approx(1.0)
    assert math.exp(0) == 1.0
    assert math.degToRad(180) == pytest.approx(pymath.pi) and math.radians(180) == pytest.approx(pymath.pi)
    assert math.radToDeg(pymath.pi) == pytest.approx(180) and math.degrees(pymath.pi) == pytest.approx(180)
    assert math.atan2(1, 1) == pytest.approx(pymath.pi / 4)
    assert (math.sin(0), math.cos(0), math.tan(0), math.asin(0), math.acos(1), math.atan(0)) == \
        (0.0, 1.0, 0.0, 0.0, 0.0, 0.0)
    assert 0 <= math.random() < 1


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: math.sqrt(-1), ValueError, "math.sqrt: cannot take the square root of a negative number (-1)"),
    (lambda: math.sqrt("4"), TypeError, "math.sqrt: expected a number as 'x', got string"),
    (lambda: math.ln(0), ValueError, "math.ln: the logarithm needs a positive number (0)"),
    (lambda: math.log(10, 1), ValueError, "math.log: invalid base (1)"),
    (lambda: math.asin(2), ValueError, "math.asin: math domain error (2)"),
    (lambda: math.exp(1000), ValueError, "math.exp: result too large"),
    (lambda: math.floor(float("inf")), ValueError, "math.floor: cannot convert inf to an integer"),
    (lambda: math.factorial(-1), ValueError, "math.factorial: needs a non-negative integer (-1)"),
    (lambda: math.factorial(10**6), ValueError, "math.factorial: 1000000 is too large (limit 10000)"),
    (lambda: math.gcd(1.5, 2), TypeError, "math.gcd: expected an integer as 'a', got number"),
    (lambda: math.pow(0, -1), ValueError, "math.pow: zero cannot be raised to a negative power"),
])
def test_bad_input_names_the_function(call, error, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error) as caught:
        call()
    assert str(caught.value) == message


def test_from_ml_errors_are_catchable() -> None:
    out = io.StringIO()
    mlpy.run('import math;\n'
             'print(math.floor(2.7), math.round(-2.5), math.pi > 3);\n'
             'try { math.sqrt(-1); } except (e: ValueError) { print(e.message); }\n', stdout=out)
    assert out.getvalue() == "2 -3 true\nmath.sqrt: cannot take the square root of a negative number (-1)\n"
