"""Tests of the ML ``datetime`` module and its DateTimeObject / Date / Time / TimeDelta classes."""

from __future__ import annotations

import datetime as pydt

import pytest

from mlpy.stdlib.datetime_bridge import Date, DateTimeObject, Time, TimeDelta
from mlpy.stdlib.datetime_bridge import datetime as dt
from mlpy.stdlib.decorators import module_info_of


def ml(instance, name):
    """The Python method behind an ML name (aliases included), as the registry resolves it."""
    return getattr(instance, module_info_of(instance).method_names[name])


def test_now_and_today():
    before = pydt.datetime.now()
    now = dt.now()
    assert isinstance(now, DateTimeObject)
    assert abs(now.timestamp() - before.timestamp()) < 5
    assert dt.today().toISOString() == pydt.date.today().isoformat()
    assert dt.now("UTC").toISOString().endswith("+00:00")
    paris = dt.now("Europe/Paris").toISOString()
    assert paris[-6:] in ("+01:00", "+02:00")
    tz = dt.createTimeZone(5, 30, "IST")
    assert tz == {"hours": 5, "minutes": 30, "name": "IST", "offset": "+05:30"}
    assert dt.now(tz).toISOString().endswith("+05:30")
    assert dt.createTimeZone(-3)["offset"] == "-03:00" and dt.createTimeZone(-3)["name"] == "UTC-03:00"
    assert dt.utc() == "UTC"
    assert dt.now(dt.utc()).toISOString().endswith("+00:00")


def test_constructors():
    d = dt.createDate(2024, 2, 29)
    assert isinstance(d, Date) and d.toISOString() == "2024-02-29"
    t = dt.createTime(13, 5, 9)
    assert isinstance(t, Time) and (t.hour(), t.minute(), t.second()) == (13, 5, 9)
    delta = dt.createDelta(1, 2, 3, 4)
    assert isinstance(delta, TimeDelta) and delta.totalSeconds() == 93784
    moment = dt.create(2024, 3, 15, 10, 30, 45)
    assert moment.toString() == "2024-03-15 10:30:45"
    assert dt.fromTimestamp(moment.timestamp()).toString() == "2024-03-15 10:30:45"
    assert ml(dt, "from_timestamp")(0).timestamp() == 0
    assert dt.parseISO("2024-03-15T10:30:00").toString() == "2024-03-15 10:30:00"
    assert dt.parseISO("2024-03-15T10:30:00Z").toISOString() == "2024-03-15T10:30:00+00:00"
    assert dt.parseISO("2024-03-15").toString() == "2024-03-15 00:00:00"


def test_calendar_helpers():
    assert dt.daysInMonth(2024, 2) == 29 and ml(dt, "days_in_month")(2023, 2) == 28
    assert dt.isLeapYear(2000) and not dt.isLeapYear(1900)
    birth = dt.create(2000, 6, 15)
    assert dt.calculateAge(birth, dt.create(2024, 6, 14)) == 23
    assert ml(dt, "calculate_age")(birth, dt.create(2024, 6, 15)) == 24
    assert dt.calculateAge(birth) >= 24
    friday = dt.create(2024, 3, 15)
    assert dt.addBusinessDays(friday, 1).toString() == "2024-03-18 00:00:00"
    assert ml(dt, "add_business_days")(friday, 6).toString() == "2024-03-25 00:00:00"
    assert dt.addBusinessDays(dt.create(2024, 3, 18), -1).toString() == "2024-03-15 00:00:00"
    assert dt.businessDaysBetween(friday, dt.create(2024, 3, 22)) == 5
    assert ml(dt, "business_days_between")(dt.create(2024, 3, 22), friday) == -5
    assert dt.isWeekend(dt.create(2024, 3, 16)) and ml(dt, "is_weekend")(dt.create(2024, 3, 17))
    assert dt.isWeekday(friday) and not ml(dt, "is_weekday")(dt.create(2024, 3, 16))


def test_datetime_object():
    m = dt.create(2024, 3, 15, 10, 30, 45)  # a Friday
    assert (m.year(), m.month(), m.day(), m.hour(), m.minute(), m.second()) == (2024, 3, 15, 10, 30, 45)
    assert m.weekday() == 4 and dt.create(2024, 3, 18).weekday() == 0 and dt.create(2024, 3, 17).weekday() == 6
    assert m.addDays(20).toString() == "2024-04-04 10:30:45" and m.add_days(-15).day() == 29
    assert m.addHours(14).toString() == "2024-03-16 00:30:45" and m.add_hours(1).hour() == 11
    assert m.addMinutes(30).toString() == "2024-03-15 11:00:45" and m.add_minutes(1).minute() == 31
    assert m.addSeconds(15).toString() == "2024-03-15 10:31:00" and m.add_seconds(1).second() == 46
    assert m.startOfDay().toString() == "2024-03-15 00:00:00" == m.start_of_day().toString()
    assert m.endOfDay().toISOString() == "2024-03-15T23:59:59.999999" == m.end_of_day().toISOString()
    assert m.startOfMonth().toString() == "2024-03-01 00:00:00" == m.start_of_month().toString()
    assert m.endOfMonth().toString() == "2024-03-31 23:59:59" == m.end_of_month().toString()
    assert dt.create(2024, 2, 10).endOfMonth().day() == 29
    assert m.startOfYear().toString() == "2024-01-01 00:00:00" == m.start_of_year().toString()
    assert m.endOfYear().toString() == "2024-12-31 23:59:59" == m.end_of_year().toString()
    assert m.isSameDay(m.startOfDay()) and not m.is_same_day(m.addDays(1))
    assert m.format("%d/%m/%Y %A") == "15/03/2024 Friday" and m.format() == "2024-03-15 10:30:45"
    assert m.toString() == m.to_string() == "2024-03-15 10:30:45"
    assert m.toISOString() == "2024-03-15T10:30:45"
    assert m.date().toISOString() == "2024-03-15" and m.time().hour() == 10
    later = m.addHours(25)
    assert later.diff(m).totalHours() == 25 and m.diff(later).isNegative()
    assert m.add(dt.createDelta(hours=2)).hour() == 12
    assert m.subtract(dt.createDelta(days=15)).toString() == "2024-02-29 10:30:45"
    assert m.isBefore(later) and later.isAfter(m) and m.isSame(dt.parseISO("2024-03-15T10:30:45"))
    assert not m.isSame(later)


def test_date_time_and_delta_classes():
    d = dt.createDate(2024, 3, 16)
    assert (d.year(), d.month(), d.day(), d.weekday()) == (2024, 3, 16, 5) and d.isWeekend()
    assert not dt.createDate(2024, 3, 15).isWeekend()
    assert d.addDays(16).toISOString() == "2024-04-01" and d.subtractDays(16).toISOString() == "2024-02-29"
    assert d.diff(dt.createDate(2024, 1, 1)) == 75 and dt.createDate(2024, 1, 1).diff(d) == -75
    delta = dt.createDelta(days=1, hours=12)
    assert delta.days() == 1 and delta.seconds() == 43200
    assert delta.totalSeconds() == 129600 and delta.totalMinutes() == 2160
    assert delta.totalHours() == 36 and delta.totalDays() == 1.5
    assert delta.add(dt.createDelta(hours=12)).totalDays() == 2
    assert delta.subtract(dt.createDelta(days=2)).isNegative()
    assert delta.multiply(2).totalHours() == 72
    assert dt.createDelta(days=-1).abs().totalDays() == 1 and not delta.isNegative()
    assert dt.createDelta(days=1) == dt.createDelta(hours=24)


def test_bad_input():
    with pytest.raises(ValueError, match=r"^datetime\.createDate: invalid date: day is out of range for month$"):
        dt.createDate(2023, 2, 29)
    with pytest.raises(ValueError, match=r"^datetime\.now: unknown time zone 'Mars/Base'$"):
        dt.now("Mars/Base")
    with pytest.raises(ValueError, match=r"^datetime\.parseISO: not an ISO 8601 date: 'yesterday'$"):
        dt.parseISO("yesterday")
    with pytest.raises(TypeError, match=r"^datetime\.isWeekend: expected a DateTimeObject as 'dt_obj', got string$"):
        dt.isWeekend("2024-01-01")
    with pytest.raises(TypeError, match=r"^DateTimeObject\.add: expected a TimeDelta as 'delta', got number$"):
        dt.create(2024, 1, 1).add(5)
    with pytest.raises(TypeError, match=r"cannot mix a date with a time zone and one without"):
        dt.now("UTC").isBefore(dt.now())
    with pytest.raises(ValueError, match=r"datetime\.daysInMonth: month must be 1 to 12, got 13"):
        dt.daysInMonth(2024, 13)
    with pytest.raises(ValueError, match=r"out of the supported date range"):
        dt.create(9999, 12, 31).addDays(1)
