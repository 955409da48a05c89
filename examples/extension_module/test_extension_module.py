"""Tests of the units extension: the Python classes directly, from ML, and the README's session."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import record_session
from units_bridge import Quantity, Units

import mlpy
from mlpy.errors import MLError

HERE = Path(__file__).resolve().parent


# -- the Python classes, tested as plain Python --------------------------------------------------

def test_convert_between_units_of_one_dimension() -> None:
    module = Units()
    assert module.convert(1, "km", "m") == 1000
    assert module.convert(90, "min", "h") == 1.5
    assert module.convert(36, "km/h", "m/s") == pytest.approx(10)


def test_convert_refuses_other_dimensions_and_unknown_units() -> None:
    module = Units()
    with pytest.raises(ValueError, match=r"units.convert: cannot convert kg \(mass\) to m \(length\)"):
        module.convert(1, "kg", "m")
    with pytest.raises(ValueError, match=r"units.convert: unknown unit 'parsec'"):
        module.convert(1, "parsec", "m")
    with pytest.raises(TypeError, match="the value must be a number, not str"):
        module.convert("1", "m", "m")


def test_quantity_arithmetic_keeps_the_left_unit() -> None:
    distance = Quantity(2, "km").plus(Quantity(500, "m"))
    assert (distance.value, distance.unit, distance.dimension) == (2.5, "km", "length")
    assert Quantity(1, "h").minus(Quantity(15, "min")).format() == "0.75 h"
    assert Quantity(3, "l").times(2).to("ml").format(0) == "6000 ml"
    assert Quantity(1, "mi").compare(Quantity(1, "km")) == 1
    assert Quantity(1000, "g").compare(Quantity(1, "kg")) == 0


def test_parse_and_total() -> None:
    module = Units()
    assert module.parse("12.5 km").format() == "12.5 km"
    assert module.parse(" 3 h ").value == 3
    assert module.total([module.parse("1 km"), module.parse("250 m")]).format() == "1.25 km"
    with pytest.raises(ValueError, match="does not start with a number"):
        module.parse("many km")
    with pytest.raises(ValueError, match="needs at least one quantity"):
        module.total([])


# -- from ML, through the embedding API ----------------------------------------------------------

def run_ml(source: str) -> mlpy.RunResult:
    return mlpy.run(source, extension_paths=[str(HERE)], capture_output=True)


def test_trip_program_through_run_file() -> None:
    result = mlpy.run_file(HERE / "trip.ml", extension_paths=[str(HERE)], capture_output=True)
    assert result.output == (
        "home to ferry: 12.5 km = 12.5 km, 15 min\n"
        "ferry crossing: 22 mi = 35.4 km, 73 min\n"
        "coast road: 48000 m = 48 km, 40 min\n"
        "total: 95.9 km in 2.14 h\n"
        "refused: Quantity.plus: cannot convert kg (mass) to km (length)\n"
    )
    total = result.globals["total"]
    # The host gets the Python object back (of mlpy's own load of the bridge, not this test's import).
    assert type(total).__name__ == "Quantity" and total.unit == "km"
    assert total.to("m").value == pytest.approx(95905.568)


def test_ml_sees_functions_constants_and_listed_attributes_only() -> None:
    result = run_ml(
        'import units;\n'
        'q = units.quantity(5, "kg");\n'
        'print(typeof(q), q.value, q.unit, q.dimension, units.dimensions);\n'
        'print(units.known("time"), q.to("lb").format(1));\n'
        'print(getattr(q, "_same_dimension"), hasattr(q, "__class__"), hasattr(q, "__dict__"));\n'
        'print(hasattr(units, "dimensions"), getattr(units, "__init__"));\n'
    )
    assert result.output == (
        'Quantity 5 kg mass ["length", "mass", "speed", "time", "volume"]\n'
        '["s", "min", "h"] 11 lb\n'
        "null false false\n"
        "true null\n"
    )


def test_ml_cannot_write_read_only_attributes() -> None:
    with pytest.raises(MLError) as caught:
        run_ml('import units;\nq = units.quantity(5, "kg");\nq.value = 6;\n')
    assert str(caught.value).startswith(
        "<string>:3:1: AttributeError: cannot set member 'value' of a value of type 'Quantity'")


def test_an_uncaught_extension_error_names_the_ml_position() -> None:
    with pytest.raises(MLError) as caught:
        run_ml('import units;\nx = 1;\nq = units.parse("4 parsec");\n')
    message = str(caught.value)
    assert message.startswith("<string>:3:5: ValueError: units.quantity: unknown unit 'parsec'"), message


# -- the README's development-mode session ---------------------------------------------------------

_MEASURED = re.compile(r"\d+(?:\.\d+)?(?= ?(?:ms|s|MB|KB|B)\b)")


def _comparable(transcript: str) -> list[str]:
    """Lines with measured numbers (timings, sizes) masked and runs of spaces collapsed."""
    return [" ".join(_MEASURED.sub("#", line).split()) for line in transcript.splitlines()]


def test_readme_session_is_the_real_repl_output() -> None:
    recorded = record_session.record_in_scratch_copy()
    assert _comparable(recorded) == _comparable(record_session.readme_transcript()), (
        "README.md's session differs from a fresh recording; if the change is intended, refresh it "
        "with: python examples/extension_module/record_session.py --write\n\n" + recorded
    )
    # The recorded edit took effect: the new unit works and the old 'total' runs the new format().
    assert '=> "3.7 km"' in recorded and '=> "95,905.6 m"' in recorded
    # The typo's reload failed with its position, and the module loaded before kept working.
    assert "units_bridge.py:142:14: ImportError: cannot load module 'units'" in recorded
    assert '=> "2 nmi"' in recorded
