"""Wage cost, checked to the krone against cases worked out by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from roster.cost import annual_cost, hourly_rates, turnus_cost
from roster.holiday_calendar import holiday_windows
from roster.loading import unit_from_data
from roster.rollout import roll_out
from tests.conftest import make_roster


def one_person(start: str, salary: int):
    return unit_from_data({
        "unit": {"id": "pay", "name": "Lønn"},
        "turnus": {"weeks": 1, "start": start},
        "shift_types": [{"code": "D", "start": "07:30", "end": "15:00"},
                        {"code": "A", "start": "14:30", "end": "22:00"},
                        {"code": "N", "start": "21:45", "end": "07:45"}],
        "rules": {"full_time_weekly_hours": 35.5, "weekend_every": 1},
        "staff": [{"id": "1", "name": "Kari", "fte": 1.0, "skills": ["sykepleier"],
                   "annual_salary": salary}],
    })


ROW = {"1": ". . A D . D N"}  # Wed A, Thu D, Sat D, Sun N


def amounts(report):
    (person,) = report.people
    return {k: str(v) for k, v in person.amounts.items()} | {"total": str(person.total)}


def test_ordinary_week_minimum_amounts_bind():
    """553 800 / (52 × 35.5) = 300.00 per hour. 32.5 h → base 9750.
    Evening: Wed A 17–21 = 4 h × 56 = 224. Night: Wed 21–22 1 h + Sun N 21:45–06:00 8.25 h
    = 9.25 h × max(25 % = 75, 70) = 693.75. Weekend: Sat D 7.5 h + Sun 21:45–24:00 2.25 h
    = 9.75 h × max(22 % = 66, 70) = 682.50."""
    unit = one_person("2027-01-11", 553_800)
    report = turnus_cost(unit, make_roster(unit, ROW))
    assert amounts(report) == {"base": "9750.00", "evening": "224.00", "night": "693.75",
                               "weekend": "682.50", "holiday": "0.00", "total": "11350.25"}
    assert report.people[0].minutes == {"base": 1950, "evening": 240, "night": 555,
                                        "weekend": 585, "holiday": 0}


def test_percentages_bind_at_a_higher_wage():
    """738 400 / 1846 = 400.00: night 25 % = 100, weekend 22 % = 88 (above NOK 70)."""
    unit = one_person("2027-01-11", 738_400)
    assert hourly_rates(unit, unit.staff[0])["night"] == Decimal(100)
    report = turnus_cost(unit, make_roster(unit, ROW))
    assert amounts(report) == {"base": "13000.00", "evening": "224.00", "night": "925.00",
                               "weekend": "858.00", "holiday": "0.00", "total": "15007.00"}


def test_easter_week_holiday_replaces_weekend():
    """Week of 22 March 2027. Wed 24 (before skjærtorsdag, from 12:00): A 7.5 h. Thu 25
    skjærtorsdag: D 7.5 h. Sat 27 påskeaften (all day): D 7.5 h, holiday not weekend. Sun 28
    første påskedag 21:45–24:00 2.25 h and Mon 29 andre påskedag 00:00–07:45 7.75 h.
    Holiday 32.5 h × 400 (4/3 × 300) = 13 000; weekend 0; evening and night as usual."""
    unit = one_person("2027-03-22", 553_800)
    report = turnus_cost(unit, make_roster(unit, ROW))
    assert amounts(report) == {"base": "9750.00", "evening": "224.00", "night": "693.75",
                               "weekend": "0.00", "holiday": "13000.00", "total": "23667.75"}


def test_year_is_52_turns_and_unit_totals_add_up():
    unit = one_person("2027-01-11", 553_800)
    roster = make_roster(unit, ROW)
    year = annual_cost(unit, roster)
    assert (year.first, year.last) == (dt.date(2027, 1, 11), dt.date(2028, 1, 9))
    assert year.people[0].minutes["base"] == 52 * 1950
    assert year.total() == sum(year.total(c) for c in ("base", "evening", "night", "weekend",
                                                       "holiday"))
    # Holidays raise the year above 52 ordinary weeks.
    assert year.total() > 52 * Decimal("11350.25")


def test_holiday_windows_2027():
    windows = {(w.date.isoformat(), w.start_minute): w.name for w in holiday_windows(2027)}
    assert windows[("2027-03-24", 720)] == "Onsdag før skjærtorsdag"
    assert windows[("2027-03-27", 0)] == "Påskeaften"
    assert windows[("2027-05-15", 720)] == "Pinseaften"
    assert windows[("2027-12-24", 720)] == "Julaften"
    assert windows[("2027-12-31", 720)] == "Nyttårsaften"
    assert windows[("2027-05-17", 0)].startswith("Andre pinsedag")
    assert len(windows) == 16  # 11 dates for 12 statutory days (17 May = 2. pinsedag) + 5 eves


def test_rollout_repeats_the_base_roster():
    unit = one_person("2027-01-11", 553_800)
    roster = make_roster(unit, ROW)
    shifts = roll_out(unit, roster, dt.date(2027, 1, 4), dt.date(2027, 1, 24))
    assert [(s.date.isoformat(), s.shift) for s in shifts][:4] == [
        ("2027-01-06", "A"), ("2027-01-07", "D"), ("2027-01-09", "D"), ("2027-01-10", "N")]
    assert len(shifts) == 12
    night = shifts[3]
    assert night.end == dt.datetime(2027, 1, 11, 7, 45) and night.minutes == 600


@pytest.mark.parametrize("value, message", [
    ("x", "'x' is not a number or a fraction such as 4/3"), ("4/0", None)])
def test_rates_in_the_file(value, message):
    from roster.loading import InputError
    data = {"unit": {"id": "p", "name": "P"}, "turnus": {"weeks": 1, "start": "2027-01-04"},
            "shift_types": [{"code": "D", "start": "07:00", "end": "15:00"}],
            "staff": [{"id": "1", "name": "K", "fte": 1.0}],
            "pay": {"rates": {"holiday_factor": value}}}
    with pytest.raises(InputError) as info:
        unit_from_data(data)
    assert info.value.problems[0].path == "pay.rates.holiday_factor"
    if message:
        assert info.value.problems[0].message("en").endswith(message)
