"""The ML ``datetime`` module: dates, times, durations and time zones.

Naive and aware values: ``create``, ``createDate``, ``parseISO`` of a string without an offset,
``fromTimestamp`` and ``now()`` without a time zone give *naive* values in local wall-clock time (no
zone attached; ``timestamp()`` interprets them as local time, as Python does). ``now(tz)``, ``parseISO``
of a string with an offset (``...Z`` or ``+02:00``) give *aware* values. Comparing or subtracting a
naive and an aware value raises a TypeError instead of guessing. A time zone is an IANA name
(``"Europe/Paris"``), ``"UTC"``, or the object returned by ``createTimeZone(hours, minutes, name)``.

``weekday()`` counts Monday as 0 and Sunday as 6. ``diff`` of two DateTimeObjects is a TimeDelta;
``Date.diff`` is a whole number of days. The Python objects live in ``_``-prefixed slots.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as _dt
import re
from collections.abc import Callable
from typing import Any, TypeVar

from mlpy.modules.bridge_support import expect_int, expect_number, expect_str, ml_type_name
from mlpy.modules.decorators import ml_class, ml_function, ml_module

_DIRECTIVE_WIDTH = re.compile(r"%[-_0^#]*([0-9]*)")
"""A strftime directive's flags and field width (glibc pads ``%1000Y`` to 1000 characters)."""

_T = TypeVar("_T")

_CREATE = ["datetime.create"]
_NOW = ["datetime.now"]


def _timezone(function: str, value: Any) -> _dt.tzinfo:
    """A tzinfo from an IANA name, "UTC", or a createTimeZone object."""
    if isinstance(value, dict):
        hours = expect_int(function, "timezone.hours", value.get("hours", 0))
        minutes = expect_int(function, "timezone.minutes", value.get("minutes", 0))
        name = value.get("name") or None
        return _fixed_zone(function, hours, minutes, name if isinstance(name, str) else None)
    name = expect_str(function, "timezone", value)
    if name.upper() == "UTC":
        return _dt.UTC
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{function}: unknown time zone '{name}'") from None


def _fixed_zone(function: str, hours: int, minutes: int, name: str | None) -> _dt.timezone:
    sign = -1 if hours < 0 else 1
    offset = _dt.timedelta(hours=hours, minutes=sign * abs(minutes))
    if not -_dt.timedelta(hours=24) < offset < _dt.timedelta(hours=24):
        raise ValueError(f"{function}: a time zone offset must be less than 24 hours")
    return _dt.timezone(offset, name) if name else _dt.timezone(offset)


def _as_datetime(function: str, param: str, value: Any) -> _dt.datetime:
    if isinstance(value, DateTimeObject):
        return value._value
    if isinstance(value, Date):
        return _dt.datetime.combine(value._value, _dt.time())
    raise TypeError(f"{function}: expected a DateTimeObject as '{param}', got {ml_type_name(value)}")


def _as_delta(function: str, param: str, value: Any) -> _dt.timedelta:
    if isinstance(value, TimeDelta):
        return value._value
    raise TypeError(f"{function}: expected a TimeDelta as '{param}', got {ml_type_name(value)}")


def _checked(function: str, operation: Any) -> Any:
    """Run a datetime operation, turning Python's errors into ML-worded ones."""
    try:
        return operation()
    except OverflowError:
        raise ValueError(f"{function}: the result is out of the supported date range") from None
    except TypeError as exc:
        if "naive" in str(exc) and "aware" in str(exc):
            raise TypeError(f"{function}: cannot mix a date with a time zone and one without") from None
        raise


def _build(function: str, kind: str, make: Callable[..., _T], **parts: Any) -> _T:
    """``make(**parts)`` with every part checked as a whole number, out-of-range parts in ML words."""
    numbers = {name: expect_int(function, name, value) for name, value in parts.items()}
    try:
        return make(**numbers)
    except ValueError as exc:
        raise ValueError(f"{function}: invalid {kind}: {exc}") from None


class _Wrapped:
    """What every datetime class shares: one Python value in a slot, compared and hashed by it."""

    __slots__ = ("_value",)

    def __init__(self, value: Any) -> None:
        self._value = value

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return False
        try:
            return bool(other._value == self._value)
        except TypeError:  # a naive and an aware value are simply not equal
            return False

    def __hash__(self) -> int:
        return hash(self._value)


class _CalendarFields(_Wrapped):
    """The calendar accessors of ``Date`` and ``DateTimeObject``."""

    __slots__ = ()
    _value: _dt.date

    def year(self) -> int:
        """The year."""
        return self._value.year

    def month(self) -> int:
        """1 to 12."""
        return self._value.month

    def day(self) -> int:
        """1 to 31."""
        return self._value.day

    def weekday(self) -> int:
        """Monday is 0, Sunday is 6."""
        return self._value.weekday()


class _ClockFields(_Wrapped):
    """The time-of-day accessors of ``Time`` and ``DateTimeObject``."""

    __slots__ = ()
    _value: _dt.time | _dt.datetime

    def hour(self) -> int:
        """0 to 23."""
        return self._value.hour

    def minute(self) -> int:
        """0 to 59."""
        return self._value.minute

    def second(self) -> int:
        """0 to 59."""
        return self._value.second


@ml_class(name="TimeDelta", description="A duration")
class TimeDelta(_Wrapped):
    """A length of time (may be negative)."""

    __slots__ = ()
    _value: _dt.timedelta

    def days(self) -> int:
        """The whole days part."""
        return self._value.days

    def seconds(self) -> int:
        """The seconds part (0 to 86399) after the whole days."""
        return self._value.seconds

    def totalSeconds(self) -> float:  # noqa: N802 - ML name
        """The whole duration in seconds."""
        return self._value.total_seconds()

    def totalMinutes(self) -> float:  # noqa: N802 - ML name
        """The whole duration in minutes."""
        return self._value.total_seconds() / 60

    def totalHours(self) -> float:  # noqa: N802 - ML name
        """The whole duration in hours."""
        return self._value.total_seconds() / 3600

    def totalDays(self) -> float:  # noqa: N802 - ML name
        """The whole duration in days."""
        return self._value.total_seconds() / 86400

    def add(self, other: Any) -> TimeDelta:
        """The sum of two durations."""
        delta = _as_delta("TimeDelta.add", "other", other)
        return TimeDelta(_checked("TimeDelta.add", lambda: self._value + delta))

    def subtract(self, other: Any) -> TimeDelta:
        """This duration minus another."""
        delta = _as_delta("TimeDelta.subtract", "other", other)
        return TimeDelta(_checked("TimeDelta.subtract", lambda: self._value - delta))

    def multiply(self, factor: Any) -> TimeDelta:
        """The duration times a number."""
        number = expect_number("TimeDelta.multiply", "factor", factor)
        return TimeDelta(_checked("TimeDelta.multiply", lambda: self._value * number))

    def isNegative(self) -> bool:  # noqa: N802 - ML name
        """Whether the duration is below zero."""
        return self._value < _dt.timedelta(0)

    def abs(self) -> TimeDelta:
        """The duration without its sign."""
        return TimeDelta(abs(self._value))


@ml_class(name="Time", description="A time of day")
class Time(_ClockFields):
    """A wall-clock time without a date."""

    __slots__ = ()
    _value: _dt.time


@ml_class(name="Date", description="A calendar date")
class Date(_CalendarFields):
    """A date without a time of day."""

    __slots__ = ()

    def isWeekend(self) -> bool:  # noqa: N802 - ML name
        """Whether the date is a Saturday or Sunday."""
        return self._value.weekday() >= 5

    def toISOString(self) -> str:  # noqa: N802 - ML name
        """YYYY-MM-DD."""
        return self._value.isoformat()

    def addDays(self, days: Any) -> Date:  # noqa: N802 - ML name
        """The date days later (earlier when negative)."""
        count = expect_int("Date.addDays", "days", days)
        return Date(_checked("Date.addDays", lambda: self._value + _dt.timedelta(days=count)))

    def subtractDays(self, days: Any) -> Date:  # noqa: N802 - ML name
        """The date days earlier."""
        count = expect_int("Date.subtractDays", "days", days)
        return Date(_checked("Date.subtractDays", lambda: self._value - _dt.timedelta(days=count)))

    def diff(self, other: Any) -> int:
        """Days from other to this date (positive when this date is later)."""
        if not isinstance(other, Date):
            raise TypeError(f"Date.diff: expected a Date as 'other', got {ml_type_name(other)}")
        return (self._value - other._value).days


@ml_class(name="DateTimeObject", description="A date and time, naive or with a time zone")
class DateTimeObject(_CalendarFields, _ClockFields):
    """A point in time with calendar accessors and arithmetic; methods return new objects."""

    __slots__ = ()
    _value: _dt.datetime

    def _other(self, function: str, other: Any) -> _dt.datetime:
        return _as_datetime(f"DateTimeObject.{function}", "other", other)

    def timestamp(self) -> float:
        """Seconds since 1970-01-01 UTC (a naive value is taken as local time)."""
        return _checked("DateTimeObject.timestamp", self._value.timestamp)

    def _shift(self, function: str, **amount: Any) -> DateTimeObject:
        name = next(iter(amount))
        number = expect_number(f"DateTimeObject.{function}", name, amount[name])
        delta = _dt.timedelta(**{name: number})
        return DateTimeObject(_checked(f"DateTimeObject.{function}", lambda: self._value + delta))

    def addDays(self, days: Any) -> DateTimeObject:  # noqa: N802 - ML name
        """days later (earlier when negative)."""
        return self._shift("addDays", days=days)

    def addHours(self, hours: Any) -> DateTimeObject:  # noqa: N802 - ML name
        """hours later."""
        return self._shift("addHours", hours=hours)

    def addMinutes(self, minutes: Any) -> DateTimeObject:  # noqa: N802 - ML name
        """minutes later."""
        return self._shift("addMinutes", minutes=minutes)

    def addSeconds(self, seconds: Any) -> DateTimeObject:  # noqa: N802 - ML name
        """seconds later."""
        return self._shift("addSeconds", seconds=seconds)

    def startOfDay(self) -> DateTimeObject:  # noqa: N802 - ML name
        """The same day at 00:00:00."""
        return DateTimeObject(self._value.replace(hour=0, minute=0, second=0, microsecond=0))

    def endOfDay(self) -> DateTimeObject:  # noqa: N802 - ML name
        """The same day at 23:59:59.999999."""
        return DateTimeObject(self._value.replace(hour=23, minute=59, second=59, microsecond=999999))

    def startOfMonth(self) -> DateTimeObject:  # noqa: N802 - ML name
        """The first day of the month at 00:00:00."""
        return DateTimeObject(self.startOfDay()._value.replace(day=1))

    def endOfMonth(self) -> DateTimeObject:  # noqa: N802 - ML name
        """The last day of the month at 23:59:59.999999."""
        last = _calendar.monthrange(self._value.year, self._value.month)[1]
        return DateTimeObject(self.endOfDay()._value.replace(day=last))

    def startOfYear(self) -> DateTimeObject:  # noqa: N802 - ML name
        """January 1st at 00:00:00."""
        return DateTimeObject(self.startOfDay()._value.replace(month=1, day=1))

    def endOfYear(self) -> DateTimeObject:  # noqa: N802 - ML name
        """December 31st at 23:59:59.999999."""
        return DateTimeObject(self.endOfDay()._value.replace(month=12, day=31))

    def isSameDay(self, other: Any) -> bool:  # noqa: N802 - ML name
        """Whether both fall on the same calendar date."""
        return self._value.date() == self._other("isSameDay", other).date()

    def format(self, format_str: Any = "%Y-%m-%d %H:%M:%S") -> str:
        """strftime formatting (%Y %m %d %H %M %S %A %B ...)."""
        pattern = expect_str("DateTimeObject.format", "format_str", format_str)
        # "%c" is 2 characters that become 24 and "%1000Y" 6 that become 1000: bound the result
        # (each directive at most 64 characters plus its field width) before strftime builds it.
        from mlpy.runtime.guards import check_format_fields, check_string_size  # noqa: PLC0415 - lazy

        widths = 0
        for flags in _DIRECTIVE_WIDTH.findall(pattern):
            check_format_fields(flags, "DateTimeObject.format")
            widths += int(flags or 0)
        check_string_size(len(pattern) + 64 * pattern.count("%") + widths, "DateTimeObject.format",
                          pattern)
        try:
            return self._value.strftime(pattern)
        except ValueError as exc:
            raise ValueError(f"DateTimeObject.format: invalid format '{pattern}': {exc}") from None

    def toString(self) -> str:  # noqa: N802 - ML name
        """YYYY-MM-DD HH:MM:SS."""
        return self._value.strftime("%Y-%m-%d %H:%M:%S")

    def toISOString(self) -> str:  # noqa: N802 - ML name
        """ISO 8601 (with the offset when the value has a time zone)."""
        return self._value.isoformat()

    def date(self) -> Date:
        """The calendar date part."""
        return Date(self._value.date())

    def time(self) -> Time:
        """The time-of-day part."""
        return Time(self._value.time())

    def diff(self, other: Any) -> TimeDelta:
        """This moment minus other, as a TimeDelta."""
        moment = self._other("diff", other)
        return TimeDelta(_checked("DateTimeObject.diff", lambda: self._value - moment))

    def add(self, delta: Any) -> DateTimeObject:
        """This moment plus a TimeDelta."""
        amount = _as_delta("DateTimeObject.add", "delta", delta)
        return DateTimeObject(_checked("DateTimeObject.add", lambda: self._value + amount))

    def subtract(self, delta: Any) -> DateTimeObject:
        """This moment minus a TimeDelta."""
        amount = _as_delta("DateTimeObject.subtract", "delta", delta)
        return DateTimeObject(_checked("DateTimeObject.subtract", lambda: self._value - amount))

    def isBefore(self, other: Any) -> bool:  # noqa: N802 - ML name
        """Whether this moment is earlier."""
        moment = self._other("isBefore", other)
        return _checked("DateTimeObject.isBefore", lambda: self._value < moment)

    def isAfter(self, other: Any) -> bool:  # noqa: N802 - ML name
        """Whether this moment is later."""
        moment = self._other("isAfter", other)
        return _checked("DateTimeObject.isAfter", lambda: self._value > moment)

    def isSame(self, other: Any) -> bool:  # noqa: N802 - ML name
        """Whether both are the same moment."""
        moment = self._other("isSame", other)
        return _checked("DateTimeObject.isSame", lambda: self._value == moment)

    add_days = addDays
    add_hours = addHours
    add_minutes = addMinutes
    add_seconds = addSeconds
    start_of_day = startOfDay
    end_of_day = endOfDay
    start_of_month = startOfMonth
    end_of_month = endOfMonth
    start_of_year = startOfYear
    end_of_year = endOfYear
    is_same_day = isSameDay
    to_string = toString


def _business_days(start: _dt.date, end: _dt.date) -> int:
    """Monday-Friday days in [start, end), negative when end is before start."""
    if end < start:
        return -_business_days(end, start)
    total = (end - start).days
    weeks, extra = divmod(total, 7)
    count = weeks * 5
    first = start.weekday()
    count += sum(1 for i in range(extra) if (first + i) % 7 < 5)
    return count


@ml_module(
    name="datetime",
    description="Dates, times, durations and time zones",
    capabilities=["datetime.create", "datetime.now"],
    version="1.0.0",
)
class DateTime:
    """Date and time creation, arithmetic and formatting."""

    @ml_function(description="The current date and time (naive local, or in the given time zone)",
                 capabilities=_NOW)
    def now(self, timezone: Any = None) -> DateTimeObject:
        if timezone is None:
            return DateTimeObject(_dt.datetime.now())
        return DateTimeObject(_dt.datetime.now(_timezone("datetime.now", timezone)))

    @ml_function(description="Today's local date", capabilities=_NOW)
    def today(self) -> Date:
        return Date(_dt.date.today())

    @ml_function(description="A Date", capabilities=_CREATE)
    def createDate(self, year: int, month: int, day: int) -> Date:  # noqa: N802 - ML name
        return Date(_build("datetime.createDate", "date", _dt.date, year=year, month=month, day=day))

    @ml_function(description="A Time of day", capabilities=_CREATE)
    def createTime(self, hour: int = 0, minute: int = 0, second: int = 0,  # noqa: N802 - ML name
                   microsecond: int = 0) -> Time:
        return Time(_build("datetime.createTime", "time", _dt.time, hour=hour, minute=minute,
                           second=second, microsecond=microsecond))

    @ml_function(description="A TimeDelta (duration)", capabilities=_CREATE)
    def createDelta(self, days: int = 0, hours: int = 0, minutes: int = 0,  # noqa: N802 - ML name
                    seconds: int = 0) -> TimeDelta:
        parts = {n: expect_number("datetime.createDelta", n, v) for n, v in
                 (("days", days), ("hours", hours), ("minutes", minutes), ("seconds", seconds))}
        return TimeDelta(_checked("datetime.createDelta", lambda: _dt.timedelta(**parts)))

    @ml_function(description="A naive DateTimeObject", capabilities=_CREATE)
    def create(self, year: int, month: int, day: int, hour: int = 0, minute: int = 0,
               second: int = 0) -> DateTimeObject:
        return DateTimeObject(_build("datetime.create", "date or time", _dt.datetime, year=year,
                                     month=month, day=day, hour=hour, minute=minute, second=second))

    @ml_function(description="The naive local DateTimeObject of a Unix timestamp", capabilities=_CREATE,
                 aliases=["from_timestamp"])
    def fromTimestamp(self, timestamp: float) -> DateTimeObject:  # noqa: N802 - ML name
        seconds = expect_number("datetime.fromTimestamp", "timestamp", timestamp)
        try:
            return DateTimeObject(_dt.datetime.fromtimestamp(seconds))
        except (OverflowError, OSError, ValueError):
            raise ValueError(f"datetime.fromTimestamp: timestamp {seconds} is out of range") from None

    @ml_function(description="Number of days in a month", capabilities=[], aliases=["days_in_month"])
    def daysInMonth(self, year: int, month: int) -> int:  # noqa: N802 - ML name
        y = expect_int("datetime.daysInMonth", "year", year)
        m = expect_int("datetime.daysInMonth", "month", month)
        if not 1 <= m <= 12:
            raise ValueError(f"datetime.daysInMonth: month must be 1 to 12, got {m}")
        return _calendar.monthrange(y, m)[1]

    @ml_function(description="Whole years between birth_date and current_date (default now)",
                 capabilities=_CREATE, aliases=["calculate_age"])
    def calculateAge(self, birth_date: Any, current_date: Any = None) -> int:  # noqa: N802
        born = _as_datetime("datetime.calculateAge", "birth_date", birth_date).date()
        today = (_dt.date.today() if current_date is None else
                 _as_datetime("datetime.calculateAge", "current_date", current_date).date())
        years = today.year - born.year
        if (today.month, today.day) < (born.month, born.day):
            years -= 1
        return years

    @ml_function(description="The moment days business days (Mon-Fri) later", capabilities=_CREATE,
                 aliases=["add_business_days"])
    def addBusinessDays(self, dt_obj: Any, days: int) -> DateTimeObject:  # noqa: N802 - ML name
        moment = _as_datetime("datetime.addBusinessDays", "dt_obj", dt_obj)
        remaining = expect_int("datetime.addBusinessDays", "days", days)
        step = 1 if remaining >= 0 else -1
        remaining = abs(remaining)
        weeks, remaining = divmod(remaining, 5)
        moment = _checked("datetime.addBusinessDays", lambda: moment + _dt.timedelta(weeks=step * weeks))
        while remaining:
            moment = moment + _dt.timedelta(days=step)
            if moment.weekday() < 5:
                remaining -= 1
        return DateTimeObject(moment)

    @ml_function(description="Business days (Mon-Fri) from start up to, not including, end",
                 capabilities=[], aliases=["business_days_between"])
    def businessDaysBetween(self, start: Any, end: Any) -> int:  # noqa: N802 - ML name
        first = _as_datetime("datetime.businessDaysBetween", "start", start).date()
        last = _as_datetime("datetime.businessDaysBetween", "end", end).date()
        return _business_days(first, last)

    @ml_function(description="Whether the moment is on a Saturday or Sunday", capabilities=[],
                 aliases=["is_weekend"])
    def isWeekend(self, dt_obj: Any) -> bool:  # noqa: N802 - ML name
        return _as_datetime("datetime.isWeekend", "dt_obj", dt_obj).weekday() >= 5

    @ml_function(description="Whether the moment is Monday to Friday", capabilities=[],
                 aliases=["is_weekday"])
    def isWeekday(self, dt_obj: Any) -> bool:  # noqa: N802 - ML name
        return _as_datetime("datetime.isWeekday", "dt_obj", dt_obj).weekday() < 5

    @ml_function(description="Parse an ISO 8601 date or date-time", capabilities=_CREATE)
    def parseISO(self, iso_string: str) -> DateTimeObject:  # noqa: N802 - ML name
        text = expect_str("datetime.parseISO", "iso_string", iso_string)
        try:
            return DateTimeObject(_dt.datetime.fromisoformat(text.strip()))
        except ValueError:
            raise ValueError(f"datetime.parseISO: not an ISO 8601 date: '{text}'") from None

    @ml_function(description="Whether a year is a leap year", capabilities=[])
    def isLeapYear(self, year: int) -> bool:  # noqa: N802 - ML name
        return _calendar.isleap(expect_int("datetime.isLeapYear", "year", year))

    @ml_function(description="The UTC time zone marker, for now(utc()) and the other time zone arguments",
                 capabilities=[])
    def utc(self) -> str:
        return "UTC"

    @ml_function(description="A fixed-offset time zone object {hours, minutes, name, offset}",
                 capabilities=_CREATE)
    def createTimeZone(self, hours: int, minutes: int = 0, name: str = "") -> dict:  # noqa: N802
        h = expect_int("datetime.createTimeZone", "hours", hours)
        m = expect_int("datetime.createTimeZone", "minutes", minutes)
        label = expect_str("datetime.createTimeZone", "name", name)
        if not 0 <= m < 60:
            raise ValueError(f"datetime.createTimeZone: minutes must be 0 to 59, got {m}")
        zone = _fixed_zone("datetime.createTimeZone", h, m, None)
        offset = _dt.datetime(2000, 1, 1, tzinfo=zone).strftime("%z")
        offset_text = f"{offset[:3]}:{offset[3:5]}"
        return {"hours": h, "minutes": m, "name": label or f"UTC{offset_text}", "offset": offset_text}


datetime = DateTime()
