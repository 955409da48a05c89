"""units_bridge.py: physical quantities with units for ML programs.

An extension module as described in docs/extensions.md: ``units`` converts between units of one
dimension (length, mass, time, speed, volume) and hands ML ``Quantity`` values that carry their
unit, so that adding metres to kilometres works and adding metres to kilograms is refused with a
clear error.

Everything here is plain Python: ``test_extension_module.py`` tests the classes directly and from ML.
"""

from __future__ import annotations

from mlpy.stdlib.decorators import ml_class, ml_function, ml_module

# Each unit: its dimension and the factor that turns one of it into the dimension's base unit.
UNITS: dict[str, tuple[str, float]] = {
    "mm": ("length", 0.001),
    "cm": ("length", 0.01),
    "m": ("length", 1.0),
    "km": ("length", 1000.0),
    "in": ("length", 0.0254),
    "ft": ("length", 0.3048),
    "mi": ("length", 1609.344),
    "g": ("mass", 0.001),
    "kg": ("mass", 1.0),
    "t": ("mass", 1000.0),
    "lb": ("mass", 0.45359237),
    "s": ("time", 1.0),
    "min": ("time", 60.0),
    "h": ("time", 3600.0),
    "m/s": ("speed", 1.0),
    "km/h": ("speed", 1000.0 / 3600.0),
    "mph": ("speed", 1609.344 / 3600.0),
    "ml": ("volume", 0.001),
    "l": ("volume", 1.0),
}


def unit_info(unit: str, caller: str) -> tuple[str, float]:
    """The dimension and factor of ``unit``, or a ``ValueError`` naming ``caller`` and the known units."""
    if not isinstance(unit, str) or unit not in UNITS:
        known = ", ".join(UNITS)
        raise ValueError(f"{caller}: unknown unit {unit!r} (known: {known})")
    return UNITS[unit]


def convert_value(value: float, source: str, target: str, caller: str = "units.convert") -> float:
    """``value`` in ``source`` units expressed in ``target`` units (same dimension only)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{caller}: the value must be a number, not {type(value).__name__}")
    source_dim, source_factor = unit_info(source, caller)
    target_dim, target_factor = unit_info(target, caller)
    if source_dim != target_dim:
        raise ValueError(f"{caller}: cannot convert {source} ({source_dim}) to {target} ({target_dim})")
    return value * source_factor / target_factor


@ml_class(name="Quantity", description="A number with a unit", attributes=["value", "unit", "dimension"])
class Quantity:
    """An immutable amount in a unit; arithmetic converts the other side to this side's unit."""

    def __init__(self, value: float, unit: str) -> None:
        convert_value(value, unit, unit, "units.quantity")
        self.value = value
        self.unit = unit
        self.dimension = UNITS[unit][0]

    def to(self, unit: str) -> Quantity:
        """This quantity in another unit of the same dimension."""
        return Quantity(convert_value(self.value, self.unit, unit, "Quantity.to"), unit)

    def plus(self, other: Quantity) -> Quantity:
        """The sum, in this quantity's unit."""
        return Quantity(self.value + self._same_dimension(other, "Quantity.plus"), self.unit)

    def minus(self, other: Quantity) -> Quantity:
        """The difference, in this quantity's unit."""
        return Quantity(self.value - self._same_dimension(other, "Quantity.minus"), self.unit)

    def times(self, factor: float) -> Quantity:
        """This quantity scaled by a number."""
        if isinstance(factor, bool) or not isinstance(factor, int | float):
            raise TypeError("Quantity.times: the factor must be a number")
        return Quantity(self.value * factor, self.unit)

    def compare(self, other: Quantity) -> int:
        """-1, 0 or 1 as this quantity is smaller than, equal to or larger than ``other``."""
        theirs = self._same_dimension(other, "Quantity.compare")
        return (self.value > theirs) - (self.value < theirs)

    def format(self, digits: int = 2) -> str:
        """The quantity as text, rounded to ``digits`` decimals: ``"12.5 km"``."""
        return f"{round(self.value, digits):g} {self.unit}"

    def _same_dimension(self, other: object, caller: str) -> float:
        if not isinstance(other, Quantity):
            raise TypeError(f"{caller}: expected a Quantity, got {type(other).__name__}")
        return convert_value(other.value, other.unit, self.unit, caller)


@ml_module(name="units", description="Quantities with units and conversions", version="1.0.0",
           constants=["dimensions"])
class Units:
    """The ``units`` module ML programs import."""

    dimensions = sorted({dimension for dimension, _factor in UNITS.values()})

    @ml_function(description="Convert a number from one unit to another of the same dimension")
    def convert(self, value: float, source: str, target: str) -> float:
        return convert_value(value, source, target)

    @ml_function(description="Make a Quantity from a number and a unit")
    def quantity(self, value: float, unit: str) -> Quantity:
        return Quantity(value, unit)

    @ml_function(description='Read a Quantity from text such as "12.5 km"')
    def parse(self, text: str) -> Quantity:
        if not isinstance(text, str):
            raise TypeError("units.parse: expected a string such as \"12.5 km\"")
        number, _space, unit = text.strip().partition(" ")
        try:
            value = float(number)
        except ValueError:
            raise ValueError(f"units.parse: {text!r} does not start with a number") from None
        return Quantity(int(value) if value.is_integer() else value, unit.strip())

    @ml_function(description="The units of one dimension (all units without an argument)")
    def known(self, dimension: str | None = None) -> list[str]:
        return [unit for unit, (dim, _factor) in UNITS.items() if dimension in (None, dim)]

    @ml_function(description="The sum of several quantities, in the unit of the first")
    def total(self, quantities: list[Quantity]) -> Quantity:
        if not quantities:
            raise ValueError("units.total: needs at least one quantity")
        result = quantities[0]
        for quantity in quantities[1:]:
            result = result.plus(quantity)
        return result


units = Units()
