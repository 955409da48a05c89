"""The ML ``math`` module: numeric functions and the constants ``pi`` and ``e``.

Results follow spec/stdlib.md: ``abs/min/max`` keep an integer an integer, ``floor/ceil/round``
return integers (``round`` rounds halves away from zero, unlike the builtin ``round``), the others
return floats. Bad input raises ``TypeError``/``ValueError`` with a message naming the function
(``"math.sqrt: cannot take the square root of a negative number (-1)"``), which ML code can catch.
"""

from __future__ import annotations

import math as _math

from mlpy.errors import MLLimitError
from mlpy.modules.bridge_support import expect_int, expect_number
from mlpy.modules.decorators import ml_function, ml_module
from mlpy.runtime.guards import MAX_DIVISION_WORK, check_int_bits

_FACTORIAL_LIMIT = 10_000
"""``factorial`` beyond this would let a one-line program burn CPU and memory building a huge int."""


def _num(function: str, value: object, param: str = "x") -> int | float:
    return expect_number(f"math.{function}", param, value)


def _check_finite(function: str, value: float) -> None:
    """An integer result needs a finite input: ML error for infinity and NaN."""
    if _math.isinf(value) or _math.isnan(value):
        raise ValueError(f"math.{function}: cannot convert {_fmt(value)} to an integer")


def _fmt(value: float) -> str:
    if isinstance(value, float):
        if _math.isnan(value):
            return "nan"
        if _math.isinf(value):
            return "inf" if value > 0 else "-inf"
    return repr(value)


def _float_result(function: str, compute: object, *args: float) -> float:
    """Run a math function, turning Python's domain/overflow errors into ML-worded ones."""
    try:
        return float(compute(*args))  # type: ignore[operator]
    except OverflowError:
        raise ValueError(f"math.{function}: result too large") from None
    except ValueError:
        shown = ", ".join(_fmt(a) for a in args)
        raise ValueError(f"math.{function}: math domain error ({shown})") from None


@ml_module(
    name="math",
    description="Mathematical functions and constants",
    capabilities=["math.compute"],
    version="1.0.0",
    constants=["pi", "e"],
)
class Math:
    """Mathematical functions; every function declares the module capability ``math.compute``."""

    pi = _math.pi
    e = _math.e

    @ml_function(description="Square root (float)")
    def sqrt(self, x: float) -> float:
        value = _num("sqrt", x)
        if value < 0:
            raise ValueError(f"math.sqrt: cannot take the square root of a negative number ({_fmt(value)})")
        return _float_result("sqrt", _math.sqrt, value)

    @ml_function(description="Absolute value (an integer stays an integer)")
    def abs(self, x: float) -> float:
        return abs(_num("abs", x))

    @ml_function(description="Sine of an angle in radians")
    def sin(self, x: float) -> float:
        return _float_result("sin", _math.sin, _num("sin", x))

    @ml_function(description="Cosine of an angle in radians")
    def cos(self, x: float) -> float:
        return _float_result("cos", _math.cos, _num("cos", x))

    @ml_function(description="Tangent of an angle in radians")
    def tan(self, x: float) -> float:
        return _float_result("tan", _math.tan, _num("tan", x))

    @ml_function(description="Natural logarithm")
    def ln(self, x: float) -> float:
        value = _num("ln", x)
        if value <= 0:
            raise ValueError(f"math.ln: the logarithm needs a positive number ({_fmt(value)})")
        return _float_result("ln", _math.log, value)

    @ml_function(description="Logarithm in the given base (default 10)")
    def log(self, x: float, base: float = 10) -> float:
        value, base_value = _num("log", x), _num("log", base, "base")
        if value <= 0:
            raise ValueError(f"math.log: the logarithm needs a positive number ({_fmt(value)})")
        if base_value <= 0 or base_value == 1:
            raise ValueError(f"math.log: invalid base ({_fmt(base_value)})")
        if base_value == 10:
            return _float_result("log", _math.log10, value)
        return _float_result("log", _math.log, value, base_value)

    @ml_function(description="e raised to x")
    def exp(self, x: float) -> float:
        return _float_result("exp", _math.exp, _num("exp", x))

    @ml_function(description="x raised to y (float)")
    def pow(self, x: float, y: float) -> float:
        base, exponent = _num("pow", x), _num("pow", y, "y")
        if base == 0 and exponent < 0:
            raise ValueError("math.pow: zero cannot be raised to a negative power")
        return _float_result("pow", _math.pow, base, exponent)

    @ml_function(description="Largest integer <= x")
    def floor(self, x: float) -> int:
        value = _num("floor", x)
        if isinstance(value, int):
            return value
        _check_finite("floor", value)
        return _math.floor(value)

    @ml_function(description="Smallest integer >= x")
    def ceil(self, x: float) -> int:
        value = _num("ceil", x)
        if isinstance(value, int):
            return value
        _check_finite("ceil", value)
        return _math.ceil(value)

    @ml_function(description="Nearest integer, halves rounded away from zero")
    def round(self, x: float) -> int:
        value = _num("round", x)
        if isinstance(value, int):
            return value
        _check_finite("round", value)
        magnitude = abs(value)
        whole = _math.floor(magnitude)
        rounded = whole + 1 if magnitude - whole >= 0.5 else whole
        return -rounded if value < 0 else rounded

    @ml_function(description="The smaller of two numbers")
    def min(self, a: float, b: float) -> float:
        return min(_num("min", a, "a"), _num("min", b, "b"))

    @ml_function(description="The larger of two numbers")
    def max(self, a: float, b: float) -> float:
        return max(_num("max", a, "a"), _num("max", b, "b"))

    @ml_function(description="A random float in [0, 1)")
    def random(self) -> float:
        from mlpy.stdlib.random_bridge import run_generator  # noqa: PLC0415 - only when used

        return run_generator().random()

    @ml_function(description="Degrees to radians")
    def degToRad(self, degrees: float) -> float:  # noqa: N802 - ML name
        return _math.radians(_num("degToRad", degrees, "degrees"))

    @ml_function(description="Radians to degrees")
    def radToDeg(self, radians: float) -> float:  # noqa: N802 - ML name
        return _math.degrees(_num("radToDeg", radians, "radians"))

    @ml_function(description="Degrees to radians")
    def radians(self, degrees: float) -> float:
        return _math.radians(_num("radians", degrees, "degrees"))

    @ml_function(description="Radians to degrees")
    def degrees(self, radians: float) -> float:
        return _math.degrees(_num("degrees", radians, "radians"))

    @ml_function(description="-1, 0 or 1")
    def sign(self, x: float) -> int:
        value = _num("sign", x)
        return (value > 0) - (value < 0)

    @ml_function(description="Arc sine (radians)")
    def asin(self, x: float) -> float:
        return _float_result("asin", _math.asin, _num("asin", x))

    @ml_function(description="Arc cosine (radians)")
    def acos(self, x: float) -> float:
        return _float_result("acos", _math.acos, _num("acos", x))

    @ml_function(description="Arc tangent (radians)")
    def atan(self, x: float) -> float:
        return _float_result("atan", _math.atan, _num("atan", x))

    @ml_function(description="Arc tangent of y/x using the signs of both (radians)")
    def atan2(self, y: float, x: float) -> float:
        return _float_result("atan2", _math.atan2, _num("atan2", y, "y"), _num("atan2", x))

    @ml_function(description="n! for a non-negative integer n")
    def factorial(self, n: int) -> int:
        value = expect_int("math.factorial", "n", n)
        if value < 0:
            raise ValueError(f"math.factorial: needs a non-negative integer ({value})")
        if value > _FACTORIAL_LIMIT:
            raise ValueError(f"math.factorial: {value} is too large (limit {_FACTORIAL_LIMIT})")
        return _math.factorial(value)

    @ml_function(description="Greatest common divisor")
    def gcd(self, a: int, b: int) -> int:
        first, second = expect_int("math.gcd", "a", a), expect_int("math.gcd", "b", b)
        _check_gcd_work("math.gcd", first, second)
        return _math.gcd(first, second)

    @ml_function(description="Least common multiple")
    def lcm(self, a: int, b: int) -> int:
        first, second = expect_int("math.lcm", "a", a), expect_int("math.lcm", "b", b)
        _check_gcd_work("math.lcm", first, second)
        check_int_bits(abs(first).bit_length() + abs(second).bit_length(), "math.lcm")
        return _math.lcm(first, second)


def _check_gcd_work(function: str, a: int, b: int) -> None:
    """A gcd costs about (bits of a) x (bits of b): refuse it beyond the division work bound."""
    work = abs(a).bit_length() * abs(b).bit_length()
    if work > MAX_DIVISION_WORK:
        raise MLLimitError(f"{function}: the numbers are too large ({work:.1e} bit x bit steps; "
                           f"limit: {MAX_DIVISION_WORK:.0e})")


math = Math()
